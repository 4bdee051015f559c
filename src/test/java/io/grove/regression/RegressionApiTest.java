package io.grove.regression;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.ApiClient.Reply;
import io.grove.support.GroveTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tribuo.Model;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import tools.jackson.databind.JsonNode;

/**
 * The diabetes regressor served end to end, on the native REST API and the Open Inference Protocol:
 * answers are Tribuo's own predictions for the same rows, in the regression answer shapes.
 */
@GroveTest
class RegressionApiTest {

    static final String[] FEATURES = {"age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"};
    static final double[] ROW = {59.0, 2.0, 32.1, 101.0, 157.0, 93.2, 38.0, 4.0, 4.8598, 87.0};
    static final double[] OTHER = {48.0, 1.0, 21.6, 87.0, 183.0, 103.2, 70.0, 3.0, 3.8918, 69.0};

    @Autowired
    ApiClient api;

    @Test
    void predictsTribuosValueForOneRow() throws IOException {
        Reply reply = api.postJson("/models/diabetes/predict", "{\"features\":" + Arrays.toString(ROW) + "}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.get("prediction").asDouble()).isEqualTo(tribuo(ROW));
        assertThat(json.get("model").asString()).isEqualTo("diabetes");
        assertThat(json.get("version").asString()).isEqualTo("1");
        assertThat(json.has("class")).isFalse();
        assertThat(json.has("proba")).isFalse();
    }

    @Test
    void predictsEveryRowOfABatchInOrder() throws IOException {
        Reply reply = api.postJson("/models/diabetes/versions/1/predict-batch",
                "{\"rows\":[" + Arrays.toString(ROW) + "," + Arrays.toString(OTHER) + "]}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode predictions = reply.json().get("predictions");
        assertThat(predictions).hasSize(2);
        assertThat(predictions.get(0).get("prediction").asDouble()).isEqualTo(tribuo(ROW));
        assertThat(predictions.get(1).get("prediction").asDouble()).isEqualTo(tribuo(OTHER));
        assertThat(predictions.get(0).size()).isEqualTo(1);
    }

    @Test
    void takesNamedFeaturesInAnyOrder() throws IOException {
        StringBuilder body = new StringBuilder("{\"features\":{");
        for (int i = FEATURES.length - 1; i >= 0; i--) {
            body.append('"').append(FEATURES[i]).append("\":").append(ROW[i]).append(i > 0 ? "," : "");
        }
        Reply reply = api.postJson("/models/diabetes/predict", body.append("}}").toString());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("prediction").asDouble()).isEqualTo(tribuo(ROW));
    }

    @Test
    void validatesAgainstTheDescriptorsConstraints() {
        double[] row = ROW.clone();
        row[1] = 3; // sex is 1 or 2
        Reply reply = api.postJson("/models/diabetes/predict", "{\"features\":" + Arrays.toString(row) + "}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("errors").get(0).get("field").asString()).isEqualTo("features[1]");
        assertThat(reply.json().get("errors").get(0).get("message").asString())
                .isEqualTo("must be less than or equal to 2 (sex)");
    }

    @Test
    void describesItselfAsARegressor() {
        JsonNode json = api.get("/models/diabetes").json();

        assertThat(json.get("format").asString()).isEqualTo("tribuo");
        assertThat(json.get("output").asString()).isEqualTo("REGRESSION");
        assertThat(json.get("scorer").asString()).isEqualTo("compiled-forest");
        assertThat(json.has("classes")).isFalse();
        assertThat(json.get("features")).extracting(f -> f.get("name").asString()).containsExactly(FEATURES);
        assertThat(json.get("provenance").get("trainer").asString()).contains("RandomForestTrainer");
    }

    @Test
    void answersTheInferenceProtocolWithOneValuePerRow() throws IOException {
        String body = "{\"id\":\"r1\",\"inputs\":[{\"name\":\"features\",\"shape\":[2,10],\"datatype\":\"FP64\",\"data\":"
                + Arrays.toString(concat(ROW, OTHER)) + "}]}";
        Reply reply = api.postJson("/v2/models/diabetes/infer", body);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode outputs = reply.json().get("outputs");
        assertThat(outputs).hasSize(1);
        assertThat(outputs.get(0).get("name").asString()).isEqualTo("prediction");
        assertThat(outputs.get(0).get("datatype").asString()).isEqualTo("FP64");
        assertThat(outputs.get(0).get("shape")).extracting(JsonNode::asInt).containsExactly(2);
        assertThat(outputs.get(0).get("data").get(0).asDouble()).isEqualTo(tribuo(ROW));
        assertThat(outputs.get(0).get("data").get(1).asDouble()).isEqualTo(tribuo(OTHER));
    }

    @Test
    void describesItsInferenceProtocolTensors() {
        JsonNode json = api.get("/v2/models/diabetes").json();

        assertThat(json.get("platform").asString()).isEqualTo("tribuo");
        assertThat(json.get("inputs").get(0).get("shape")).extracting(JsonNode::asInt).containsExactly(-1, 10);
        assertThat(json.get("outputs")).hasSize(1);
        assertThat(json.get("outputs").get(0).get("name").asString()).isEqualTo("prediction");
        assertThat(json.get("outputs").get(0).get("shape")).extracting(JsonNode::asInt).containsExactly(-1);
    }

    @Test
    void countsPredictedValuesInAHistogram() {
        assertThat(api.postJson("/models/diabetes/predict", "{\"features\":" + Arrays.toString(OTHER) + "}").status())
                .isEqualTo(200);
        String metrics = api.get("/actuator/prometheus").body();

        assertThat(metrics).containsPattern("grove_prediction_value_count\\{[^}]*model=\"diabetes\"[^}]*version=\"1\"[^}]*} [1-9]");
        assertThat(metrics).contains("grove_prediction_value_bucket{");
        assertThat(metrics).doesNotContainPattern("grove_predictions_total\\{[^}]*model=\"diabetes\"");
    }

    /** The committed model, read once: what Tribuo itself predicts is the expected answer. */
    static final Model<Regressor> TRIBUO = committedModel();

    @SuppressWarnings("unchecked")
    private static Model<Regressor> committedModel() {
        try {
            return (Model<Regressor>) Model.deserializeFromFile(Path.of("models/diabetes/1/model.tribuo"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double tribuo(double[] row) {
        return TRIBUO.predict(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, FEATURES, row)).getOutput().getValues()[0];
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

}
