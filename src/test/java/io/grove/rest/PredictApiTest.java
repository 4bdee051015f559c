package io.grove.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.ApiClient.Reply;
import io.grove.support.GroveTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@GroveTest
class PredictApiTest {

    @Autowired
    ApiClient api;

    @Test
    void predictsSetosaForTheSeedCall() {
        Reply reply = api.postJson("/predict", "{\"features\":[5.1,3.5,1.4,0.2]}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode json = reply.json();
        assertThat(json.get("class").asInt()).isEqualTo(0);
        assertThat(json.get("label").asString()).isEqualTo("setosa");
        assertThat(json.get("proba")).hasSize(3);
        assertThat(json.get("proba").get(0).asDouble()).isGreaterThan(0.9);
        double sum = 0;
        for (JsonNode p : json.get("proba")) {
            sum += p.asDouble();
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(json.get("model").asString()).isEqualTo("iris");
        assertThat(json.get("version").asString()).isEqualTo("1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[6.7,3.0,5.2,2.3]|2|virginica",
            "[5.9,3.0,4.2,1.5]|1|versicolor",
            "[5,3,1,0.2]|0|setosa"})
    void predictsEachClass(String features, int expectedClass, String label) {
        JsonNode json = api.postJson("/predict", "{\"features\":" + features + "}").json();

        assertThat(json.get("class").asInt()).isEqualTo(expectedClass);
        assertThat(json.get("label").asString()).isEqualTo(label);
    }

    @Test
    void negativeFeatureIs422ProblemNamingTheFieldAndRule() {
        Reply reply = api.postJson("/predict", "{\"features\":[-1,2,3,4]}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("status").asInt()).isEqualTo(422);
        assertThat(problem.get("instance").asString()).isEqualTo("/predict");
        JsonNode error = problem.get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("features[0]");
        assertThat(error.get("pointer").asString()).isEqualTo("/features/0");
        assertThat(error.get("message").asString()).contains("must be greater than 0");
        assertThat(problem.get("errors")).hasSize(1);
    }

    @Test
    void reportsEveryBadValueAtOnce() {
        JsonNode problem = api.postJson("/predict", "{\"features\":[0,2,-3,4]}").json();

        assertThat(problem.get("errors")).extracting(e -> e.get("field").asString())
                .containsExactly("features[0]", "features[2]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[5.1,3.5,1.4]", "[5.1,3.5,1.4,0.2,1.0]", "[]"})
    void wrongNumberOfFeaturesIs422(String features) {
        Reply reply = api.postJson("/predict", "{\"features\":" + features + "}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("errors").get(0).get("field").asString()).isEqualTo("features");
        assertThat(reply.json().get("errors").get(0).get("message").asString()).contains("exactly 4 values");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"features\":null}|features",
            "{}|features",
            "{\"other\":[1,2,3,4]}|features",
            "{\"features\":[\"5.1\",3.5,1.4,0.2]}|features[0]",
            "{\"features\":[5.1,true,1.4,0.2]}|features[1]",
            "{\"features\":[5.1,3.5,[1.4],0.2]}|features[2]",
            "{\"features\":[5.1,3.5,1.4,null]}|features[3]",
            "{\"features\":\"5.1,3.5,1.4,0.2\"}|features",
            "{\"features\":{\"a\":1}}|features.a",
            "{\"features\":[1e400,3.5,1.4,0.2]}|features[0]",
            "{\"features\":[-1e400,3.5,1.4,0.2]}|features[0]"})
    void wrongTypesAre422NamingTheField(String body, String field) {
        Reply reply = api.postJson("/predict", body);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertNoInternals(reply);
    }

    @Test
    void nullIsAMissingValueThatAModelWithoutMissingValuesRefusesByName() {
        Reply positional = api.postJson("/predict", "{\"features\":[5.1,3.5,1.4,null]}");
        Reply named = api.postJson("/predict",
                "{\"features\":{\"sepal_length\":5.1,\"sepal_width\":null,\"petal_length\":1.4,\"petal_width\":0.2}}");

        assertThat(positional.status()).isEqualTo(422);
        assertThat(positional.json().get("errors").get(0).get("message").asString())
                .isEqualTo("must not be missing (null) (petal_width)");
        assertThat(named.status()).isEqualTo(422);
        assertThat(named.json().get("errors").get(0).get("field").asString()).isEqualTo("features.sepal_width");
        assertThat(named.json().get("errors").get(0).get("message").asString()).isEqualTo("must not be missing (null)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"features\":[5.1,3.5,1.4,0.2]", "not json", "{\"features\":[NaN,1,1,1]}",
            "{\"features\":[5.1,,1.4,0.2]}", "null", "", "[1,2,3,4]", "{\"features\":[1,2,3,4],\"features\":[1,2,3,4]}"})
    void malformedJsonIs400Problem(String body) {
        Reply reply = api.postJson("/predict", body);

        assertThat(reply.status()).as(reply.toString()).isIn(400, 422);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertNoInternals(reply);
    }

    @Test
    void syntaxErrorIs400WithItsLocation() {
        Reply reply = api.postJson("/predict", "{\"features\":[5.1,3.5,1.4,0.2]");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("detail").asString()).startsWith("Malformed JSON at line 1");
    }

    @Test
    void duplicateKeyIs400() {
        Reply reply = api.postJson("/predict", "{\"features\":[9,9,9,9],\"features\":[5.1,3.5,1.4,0.2]}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("detail").asString()).contains("Duplicate Object property \"features\"");
    }

    @Test
    void wrongContentTypeIs415() {
        Reply reply = api.post("/predict", "text/plain", "{\"features\":[5.1,3.5,1.4,0.2]}");

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void missingContentTypeIs415() {
        Reply reply = api.post("/predict", null, "{\"features\":[5.1,3.5,1.4,0.2]}");

        assertThat(reply.status()).isEqualTo(415);
    }

    @Test
    void bodyOverTheLimitIs413() {
        String huge = "{\"features\":[5.1,3.5,1.4,0.2],\"pad\":\"" + "x".repeat(9_000) + "\"," + "\"more\":["
                + "1,".repeat(600_000) + "1]}";

        Reply reply = api.postJson("/predict", huge);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void unknownFieldsAreIgnored() {
        Reply reply = api.postJson("/predict", "{\"features\":[5.1,3.5,1.4,0.2],\"id\":\"abc\",\"extra\":{\"x\":1}}");

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void integersAreAccepted() {
        assertThat(api.postJson("/predict", "{\"features\":[5,3,1,1]}").status()).isEqualTo(200);
    }

    @Test
    void unknownPathIs404Problem() {
        Reply reply = api.get("/no-such-thing");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void wrongMethodIs405Problem() {
        Reply reply = api.get("/predict");

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    static void assertNoInternals(Reply reply) {
        assertThat(reply.body()).doesNotContain("Exception", "java.", "tools.jackson", "io.grove", "at line:")
                .doesNotContainIgnoringCase("double[]")
                .doesNotContain("/work/", "\tat ");
    }
}
