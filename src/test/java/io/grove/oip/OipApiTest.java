package io.grove.oip;

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

/**
 * The Open Inference Protocol V2 REST endpoints, driven with the request and response shapes the
 * protocol documents ({@code $inference_request}, {@code $inference_response},
 * {@code $metadata_model_response}, {@code $metadata_server_response}, {@code $inference_error_response}).
 */
@GroveTest
class OipApiTest {

    /** The protocol's documented request shape: one tensor, nested row-major data, an id, parameters. */
    static final String TWO_ROWS_NESTED = """
            {"id": "42", "parameters": {"content_type": "np"},
             "inputs": [{"name": "features", "shape": [2, 4], "datatype": "FP32",
                         "data": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}]}""";

    @Autowired
    ApiClient api;

    @Test
    void serverMetadataNamesTheServer() {
        Reply reply = api.get("/v2");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.get("name").asString()).isEqualTo("grove");
        assertThat(json.get("version").asString()).isNotBlank();
        assertThat(json.get("extensions").isArray()).isTrue();
    }

    @Test
    void serverIsLiveAndReady() {
        assertThat(api.get("/v2/health/live").status()).isEqualTo(200);
        Reply ready = api.get("/v2/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("ready").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v2/models/iris/ready", "/v2/models/iris/versions/1/ready"})
    void modelIsReady(String path) {
        assertThat(api.get(path).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v2/models/nope/ready", "/v2/models/iris/versions/7/ready", "/v2/models/nope",
            "/v2/models/iris/versions/7"})
    void unknownModelOrVersionIs404WithAnErrorBody(String path) {
        Reply reply = api.get(path);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.json().get("error").asString()).containsAnyOf("does not exist", "has no version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v2/models/iris", "/v2/models/iris/versions/1"})
    void modelMetadataDescribesTheTensors(String path) {
        Reply reply = api.get(path);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.get("name").asString()).isEqualTo("iris");
        assertThat(json.get("versions")).extracting(JsonNode::asString).containsExactly("1");
        assertThat(json.get("platform").asString()).isEqualTo("tribuo");
        JsonNode input = json.get("inputs").get(0);
        assertThat(input.get("name").asString()).isEqualTo("features");
        assertThat(input.get("datatype").asString()).isEqualTo("FP64");
        assertThat(input.get("shape")).extracting(JsonNode::asInt).containsExactly(-1, 4);
        assertThat(json.get("outputs")).extracting(o -> o.get("name").asString()).containsExactly("label", "probabilities");
        assertThat(json.get("outputs").get(1).get("shape")).extracting(JsonNode::asInt).containsExactly(-1, 3);
    }

    @Test
    void infersEveryOutputAndEchoesTheId() {
        Reply reply = api.postJson("/v2/models/iris/infer", TWO_ROWS_NESTED);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.get("model_name").asString()).isEqualTo("iris");
        assertThat(json.get("model_version").asString()).isEqualTo("1");
        assertThat(json.get("id").asString()).isEqualTo("42");
        JsonNode label = json.get("outputs").get(0);
        assertThat(label.get("name").asString()).isEqualTo("label");
        assertThat(label.get("datatype").asString()).isEqualTo("BYTES");
        assertThat(label.get("shape")).extracting(JsonNode::asInt).containsExactly(2);
        assertThat(label.get("data")).extracting(JsonNode::asString).containsExactly("setosa", "virginica");
        JsonNode proba = json.get("outputs").get(1);
        assertThat(proba.get("name").asString()).isEqualTo("probabilities");
        assertThat(proba.get("datatype").asString()).isEqualTo("FP64");
        assertThat(proba.get("shape")).extracting(JsonNode::asInt).containsExactly(2, 3);
        assertThat(proba.get("data")).hasSize(6);
        assertThat(proba.get("data").get(0).asDouble()).isGreaterThan(0.9);
        assertThat(proba.get("data").get(5).asDouble()).isGreaterThan(0.5);
    }

    @Test
    void agreesWithPredictForTheSameRow() {
        JsonNode predict = api.postJson("/predict", "{\"features\":[5.9,3.0,4.2,1.5]}").json();
        JsonNode infer = api.postJson("/v2/models/iris/versions/1/infer", """
                {"inputs": [{"name": "features", "shape": [1, 4], "datatype": "FP64", "data": [5.9, 3.0, 4.2, 1.5]}]}""")
                .json();

        assertThat(infer.get("outputs").get(0).get("data").get(0).asString()).isEqualTo(predict.get("label").asString());
        for (int i = 0; i < 3; i++) {
            assertThat(infer.get("outputs").get(1).get("data").get(i).asDouble())
                    .isEqualTo(predict.get("proba").get(i).asDouble());
        }
        assertThat(infer.has("id")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "FP32|[5.1, 3.5, 1.4, 0.2]|[4]|setosa",
            "FP64|[5.1, 3.5, 1.4, 0.2]|[1, 4]|setosa",
            "INT32|[7, 3, 6, 2]|[1, 4]|virginica",
            "INT64|[[7, 3, 6, 2]]|[1, 4]|virginica",
            "UINT8|[7, 3, 6, 2]|[1, 4]|virginica"})
    void acceptsFloatAndIntegerTensorsFlatOrNested(String datatype, String data, String shape, String label) {
        Reply reply = api.postJson("/v2/models/iris/infer", "{\"inputs\":[{\"name\":\"features\",\"shape\":" + shape
                + ",\"datatype\":\"" + datatype + "\",\"data\":" + data + "}]}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("outputs").get(0).get("data").get(0).asString()).isEqualTo(label);
    }

    @ParameterizedTest
    @ValueSource(strings = {"label", "probabilities"})
    void returnsOnlyTheRequestedOutput(String output) {
        String body = TWO_ROWS_NESTED.replaceFirst("}]}$", "}], \"outputs\": [{\"name\": \"" + output + "\"}]}");
        Reply reply = api.postJson("/v2/models/iris/infer", body);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("outputs")).extracting(o -> o.get("name").asString()).containsExactly(output);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // shape and data disagree
            "{\"inputs\":[{\"name\":\"features\",\"shape\":[2,4],\"datatype\":\"FP32\",\"data\":[5.1,3.5,1.4,0.2]}]}|shape",
            "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[[5.1,3.5],[1.4,0.2]]}]}|shape",
            "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[5.1,3.5,1.4]}]}|shape",
            "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[5.1,3.5,[1.4],0.2]}]}|mixes",
            // datatypes Grove does not take, and values outside their datatype
            "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"BYTES\",\"data\":[\"a\",\"b\",\"c\",\"d\"]}]}|datatype",
            "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[\"5\",3.5,1.4,0.2]}]}|not a number",
            "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"INT32\",\"data\":[5.5,3,1,1]}]}|integer",
            "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"UINT8\",\"data\":[300,3,1,1]}]}|integer",
            // the model's own rules
            "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP64\",\"data\":[-1,3.5,1.4,0.2]}]}|must be greater than 0",
            // request structure
            "{\"inputs\":[]}|exactly one input",
            "{}|exactly one input",
            "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP64\",\"data\":[5,3,1,1]}],\"outputs\":[{\"name\":\"class\"}]}|unknown output",
            "{\"inputs\":[{\"name\":\"features\",\"shape\":\"1,4\",\"datatype\":\"FP64\",\"data\":[5,3,1,1]}]}|inputs[0].shape",
            "{\"inputs\":[{\"name\":\"features\"|malformed JSON"})
    void badRequestsAre400WithAnErrorBody(String body, String mentions) {
        Reply reply = api.postJson("/v2/models/iris/infer", body);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode json = reply.json();
        assertThat(json.propertyNames()).containsExactly("error");
        assertThat(json.get("error").asString()).contains(mentions).doesNotContain("io.grove", "java.", "Exception");
    }

    @Test
    void inferOnAnUnknownModelIs404() {
        Reply reply = api.postJson("/v2/models/nope/infer", TWO_ROWS_NESTED);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("error").asString()).contains("nope");
    }

    @Test
    void inferOnAnUnknownVersionIs404() {
        assertThat(api.postJson("/v2/models/iris/versions/9/infer", TWO_ROWS_NESTED).status()).isEqualTo(404);
    }

    @Test
    void nonJsonBodyIs415WithAnErrorBody() {
        Reply reply = api.post("/v2/models/iris/infer", "text/plain", "5.1,3.5,1.4,0.2");

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.json().get("error").asString()).contains("application/json");
    }
}
