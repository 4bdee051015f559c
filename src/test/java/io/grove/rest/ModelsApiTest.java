package io.grove.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.ApiClient.Reply;
import io.grove.support.GroveTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The model repository over HTTP: listing, metadata, addressing models by name and version, named features. */
@GroveTest
class ModelsApiTest {

    @Autowired
    ApiClient api;

    @Test
    void listsModelsVersionsAndTheirState() {
        Reply reply = api.get("/models");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.get("defaultModel").asString()).isEqualTo("iris");
        assertThat(json.get("models")).extracting(m -> m.get("name").asString())
                .containsExactly("diabetes", "iris", "iris-sklearn");
        JsonNode iris = json.get("models").get(1);
        assertThat(iris.get("name").asString()).isEqualTo("iris");
        assertThat(iris.get("version").asString()).isEqualTo("1");
        JsonNode version = iris.get("versions").get(0);
        assertThat(version.get("version").asString()).isEqualTo("1");
        assertThat(version.get("state").asString()).isEqualTo("READY");
        assertThat(iris.get("versions")).hasSize(1); // iris.csv beside the versions is not a version
    }

    @Test
    void describesTheModelWithProvenanceButNoLocalPaths() throws Exception {
        Reply reply = api.get("/models/iris");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.get("version").asString()).isEqualTo("1");
        assertThat(json.get("state").asString()).isEqualTo("READY");
        assertThat(json.get("features")).extracting(f -> f.get("name").asString())
                .containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width");
        assertThat(json.get("features").get(0).get("exclusive_minimum").asDouble()).isEqualTo(0.0);
        assertThat(json.get("classes")).extracting(JsonNode::asString).containsExactly("setosa", "versicolor", "virginica");
        assertThat(json.get("sha256").asString()).isEqualTo(sha256(Path.of("models/iris/1/model.tribuo")));
        assertThat(json.get("loadedAt").asString()).isNotBlank();
        assertThat(json.get("loadTimeMs").asLong()).isNotNegative();

        JsonNode provenance = json.get("provenance");
        assertThat(provenance.get("trainer").asString()).isEqualTo("org.tribuo.common.tree.RandomForestTrainer");
        assertThat(provenance.get("hyperParameters").get("numMembers").asInt()).isEqualTo(50);
        assertThat(provenance.get("hyperParameters").get("seed").asInt()).isEqualTo(42);
        assertThat(provenance.get("hyperParameters").get("innerTrainer").get("class-name").asString())
                .isEqualTo("org.tribuo.classification.dtree.CARTClassificationTrainer");
        assertThat(provenance.get("dataset").get("examples").asInt()).isEqualTo(120);
        // Tribuo's hash of the training CSV: the committed models/iris/iris.csv
        assertThat(provenance.get("dataset").get("hash").asString())
                .isEqualToIgnoringCase(sha256(Path.of("models/iris/iris.csv")));
        assertThat(provenance.get("trainedAt").asString()).isNotBlank();
        // the committed model was trained from an absolute path; only the file name may show
        assertThat(reply.body()).contains("\"iris.csv\"").doesNotContain("/iris.csv", "/work/", "file:");
    }

    @Test
    void describesOneVersion() {
        JsonNode json = api.get("/models/iris/versions/1").json();

        assertThat(json.get("version").asString()).isEqualTo("1");
        assertThat(json.has("versions")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/models/nope", "/models/iris/versions/9", "/models/iris/versions/latest"})
    void unknownModelOrVersionIs404Problem(String path) {
        Reply reply = api.get(path);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("type").asString()).isEqualTo("urn:grove:problem:model-not-found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/models/iris/predict", "/models/iris/versions/1/predict", "/predict"})
    void predictsByNameAndVersion(String path) {
        Reply reply = api.postJson(path, "{\"features\":[6.7,3.0,5.2,2.3]}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("label").asString()).isEqualTo("virginica");
        assertThat(reply.json().get("version").asString()).isEqualTo("1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/models/iris/predict-batch", "/models/iris/versions/1/predict-batch"})
    void predictsBatchesByNameWithNamedAndPositionalRows(String path) {
        Reply reply = api.postJson(path, """
                {"rows": [[5.1,3.5,1.4,0.2],
                          {"petal_width": 2.3, "petal_length": 5.2, "sepal_width": 3.0, "sepal_length": 6.7}]}""");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("predictions")).extracting(p -> p.get("label").asString())
                .containsExactly("setosa", "virginica");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/models/nope/predict", "/models/iris/versions/2/predict", "/models/iris/versions/x/predict"})
    void predictingWithAnUnknownModelOrVersionIs404(String path) {
        Reply reply = api.postJson(path, "{\"features\":[5.1,3.5,1.4,0.2]}");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void namedFeaturesInAnyOrderGiveTheSameAnswerAsPositional() {
        JsonNode positional = api.postJson("/predict", "{\"features\":[5.9,3.0,4.2,1.5]}").json();
        JsonNode named = api.postJson("/predict", """
                {"features": {"petal_width": 1.5, "sepal_length": 5.9, "petal_length": 4.2, "sepal_width": 3.0}}""").json();

        assertThat(named.get("label").asString()).isEqualTo("versicolor");
        assertThat(named.get("proba")).isEqualTo(positional.get("proba"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // unknown name
            "{\"sepal_length\":5.1,\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2,\"colour\":1}|features.colour|not a feature",
            // missing name
            "{\"sepal_length\":5.1,\"sepal_width\":3.5,\"petal_length\":1.4}|features.petal_width|is missing",
            // duplicate name: the parser rejects duplicate keys, still a 422 naming the feature
            "{\"sepal_length\":5.1,\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2,\"sepal_length\":6}|features.sepal_length|more than once",
            // a named value breaking the model's rule is reported by name
            "{\"sepal_length\":-5.1,\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2}|features.sepal_length|greater than 0",
            // a named value that is not a number
            "{\"sepal_length\":\"5.1\",\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2}|features.sepal_length|must be a number"})
    void badNamedFeaturesAre422NamingTheField(String features, String field, String message) {
        Reply reply = api.postJson("/predict", "{\"features\":" + features + "}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode error = reply.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo(field);
        assertThat(error.get("pointer").asString()).isEqualTo("/" + field.replace('.', '/'));
        assertThat(error.get("message").asString()).contains(message);
    }

    @Test
    void duplicateNameInABatchRowIs422NamingRowAndFeature() {
        Reply reply = api.postJson("/predict-batch", """
                {"rows": [[5.1,3.5,1.4,0.2], {"sepal_length":5.1,"sepal_width":3.5,"sepal_width":1.4,"petal_width":0.2}]}""");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.json().get("errors").get(0).get("field").asString()).isEqualTo("rows[1].sepal_width");
    }

    @Test
    void duplicateKeyOutsideFeaturesStaysMalformedJson() {
        Reply reply = api.postJson("/predict", "{\"features\":{\"sepal_length\":5.1},\"features\":[1,2,3,4]}");

        assertThat(reply.status()).isEqualTo(400);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
