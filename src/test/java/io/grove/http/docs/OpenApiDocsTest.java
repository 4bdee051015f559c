package io.grove.http.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.ApiClient.Reply;
import io.grove.support.GroveTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@GroveTest
class OpenApiDocsTest {

    @Autowired
    ApiClient api;

    @Test
    void documentsEveryEndpoint() {
        JsonNode paths = api.get("/v3/api-docs").json().get("paths");

        assertThat(paths.propertyNames()).contains("/predict", "/predict-batch", "/health", "/metrics");
    }

    @Test
    void documentsTheRoutesOfBothFrontEndsAndNothingElse() {
        JsonNode paths = api.get("/v3/api-docs").json().get("paths");

        // io.grove.http.Routes.DOCUMENTED, the list admission and the API keys read, not a springdoc setting
        assertThat(paths.propertyNames()).contains("/models/{name}/predict", "/admin/models/{name}/load",
                "/v2/models/{name}/infer", "/v2/health/ready");
        assertThat(paths.propertyNames()).noneMatch(p -> p.startsWith("/actuator") || p.equals("/docs") || p.equals("/error"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/predict", "/predict-batch"})
    void documentsSchemasExamplesAndErrors(String path) {
        JsonNode doc = api.get("/v3/api-docs").json();
        JsonNode post = doc.get("paths").get(path).get("post");

        assertThat(post.get("requestBody").get("content").get("application/json").get("schema").get("$ref").asString())
                .startsWith("#/components/schemas/");
        assertThat(post.get("responses").propertyNames()).contains("200", "400", "408", "413", "415", "422", "503");
        assertThat(post.get("responses").get("422").get("content").get("application/problem+json")).isNotNull();
        assertThat(post.get("responses").get("503").get("headers").get("Retry-After")).isNotNull();
        JsonNode schemas = doc.get("components").get("schemas");
        assertThat(schemas.get("PredictRequest").get("properties").get("features").get("example")).isNotNull();
        assertThat(schemas.get("PredictionResponse").get("oneOf")).as(schemas.toString())
                .extracting(r -> r.get("$ref").asString())
                .containsExactlyInAnyOrder("#/components/schemas/ClassPrediction", "#/components/schemas/ValuePrediction");
        assertThat(schemas.get("ClassPrediction").get("properties").propertyNames())
                .contains("class", "label", "proba", "model", "version");
        assertThat(schemas.get("ValuePrediction").get("properties").propertyNames()).contains("prediction", "model", "version");
        assertThat(schemas.get("BatchPredictionResponse").get("properties").get("predictions").get("items").get("$ref")
                .asString()).isEqualTo("#/components/schemas/Row");
        assertThat(schemas.get("Row").get("oneOf")).extracting(r -> r.get("$ref").asString())
                .containsExactlyInAnyOrder("#/components/schemas/RowPrediction", "#/components/schemas/RowValue");
        assertThat(schemas.get("Problem").get("properties").propertyNames()).contains("errors", "detail", "status");
    }

    @Test
    void swaggerUiIsServedAndDocsLeadsThere() {
        Reply docs = api.get("/docs");
        assertThat(docs.status()).isEqualTo(302);
        assertThat(docs.header("Location")).endsWith("/swagger-ui/index.html");

        assertThat(api.get("/swagger-ui").status()).isIn(301, 302);
        Reply ui = api.get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }
}
