package io.grove.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.grove.support.ApiClient;
import io.grove.support.ApiClient.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every model format served end to end by a real Grove, from the files users hand over: the REST
 * answers equal the training library's own predictions in the fixtures' {@code expected.csv}, a
 * missing value travels as JSON {@code null}, and {@code GET /models} names each version's format and scorer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"grove.shutdown.drain-delay=0s", "grove.model.poll-interval=0s", "grove.model.name=xgb-iris",
                "grove.admission.max-dispatch-delay=0s"})
class ServedFormatsTest {

    static final Path RESOURCES = Path.of("src/test/resources/io/grove/format");
    static final Path REPOSITORY = repository();
    /** Rows sent per model: enough to cross every class and the missing values, few enough for one batch. */
    static final int ROWS = 200;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add("grove.model.repository", REPOSITORY::toString);
    }

    @Test
    void xgboostJsonClassifierAnswersXGBoostsProbabilities() {
        assertBatchEqualsExpected("xgb-iris", RESOURCES.resolve("xgboost/iris-xgb/expected.csv"),
                List.of("setosa", "versicolor", "virginica"));
    }

    @Test
    void xgboostUbjsonClassifierAnswersTheSame() {
        assertBatchEqualsExpected("xgb-iris-ubj", RESOURCES.resolve("xgboost/iris-xgb/expected.csv"),
                List.of("setosa", "versicolor", "virginica"));
    }

    @Test
    void xgboostBinaryClassifierTakesNullAsMissing() {
        assertBatchEqualsExpected("xgb-cancer", RESOURCES.resolve("xgboost/breast-cancer-xgb/expected.csv"),
                List.of("malignant", "benign"));
    }

    @Test
    void xgboostRegressorAnswersXGBoostsPrediction() {
        assertBatchEqualsExpected("xgb-diabetes", RESOURCES.resolve("xgboost/diabetes-xgb/expected.csv"), List.of());
    }

    @Test
    void aDescriptorCanForbidMissingValues() {
        String row = "[null" + ",1.0".repeat(29) + "]";
        Reply reply = api().postJson("/models/xgb-cancer-strict/predict", "{\"features\":" + row + "}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("errors").get(0).get("message").asString())
                .isEqualTo("must not be missing (null) (mean_radius)");
    }

    @Test
    void lightgbmClassifierIsServed() {
        JsonNode model = api().get("/models/lgb-binary").json();
        assertThat(model.get("format").asString()).isEqualTo("lightgbm");
        assertThat(model.get("scorer").asString()).isEqualTo("compiled-forest");
        int width = model.get("features").size();

        Reply reply = api().postJson("/models/lgb-binary/predict",
                "{\"features\":[null" + ",0.5".repeat(width - 1) + "]}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode proba = reply.json().get("proba");
        assertThat(proba.get(0).asDouble() + proba.get(1).asDouble()).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void listingNamesEachVersionsFormatAndScorer() {
        JsonNode models = api().get("/models").json().get("models");
        List<String> described = new ArrayList<>();
        models.forEach(m -> {
            JsonNode version = m.get("versions").get(0);
            described.add(m.get("name").asString() + ":" + (version.has("format") ? version.get("format").asString() : "-")
                    + ":" + (version.has("scorer") ? version.get("scorer").asString() : version.get("state").asString()));
        });

        assertThat(described).contains("xgb-iris:xgboost:compiled-forest", "xgb-iris-ubj:xgboost:compiled-forest",
                "lgb-binary:lightgbm:compiled-forest", "tribuo-iris:tribuo:compiled-forest", "onnx-iris:onnx:compiled-forest",
                "onnx-logreg:onnx:onnxruntime", "onnx-cancer:-:FAILED");
        assertThat(api().get("/v2/models/xgb-diabetes").json().get("platform").asString()).isEqualTo("xgboost");
    }

    @Test
    void onnxRandomForestIsCompiledAndWithinScikitLearnsBound() {
        assertThat(api().get("/models/onnx-iris").json().get("scorer").asString()).isEqualTo("compiled-forest");
        assertBatchNearExpected("onnx-iris", RESOURCES.resolve("onnx/iris-rf-sklearn/expected.csv"),
                List.of("setosa", "versicolor", "virginica"), 5e-7);
    }

    @Test
    void onnxPipelineRunsOnOnnxRuntimeWithinScikitLearnsBound() {
        assertThat(api().get("/models/onnx-logreg").json().get("scorer").asString()).isEqualTo("onnxruntime");
        assertBatchNearExpected("onnx-logreg", RESOURCES.resolve("onnx/iris-logreg-sklearn/expected.csv"),
                List.of("setosa", "versicolor", "virginica"), 5e-7);
    }

    @Test
    void onnxRegressorIsWithinScikitLearnsBound() {
        assertBatchNearExpected("onnx-diabetes", RESOURCES.resolve("onnx/diabetes-gbr-sklearn/expected.csv"), List.of(), 1.5e-4);
    }

    @Test
    void aConvertedModelFurtherFromItsTrainingLibraryThanItsToleranceIsRefused() {
        JsonNode model = api().get("/models/onnx-cancer").json();

        assertThat(model.get("state").asString()).isEqualTo("FAILED");
        assertThat(model.get("reason").asString()).contains("deviates from its reference rows by 0.059")
                .contains("more than their tolerance 1.0E-4").doesNotContain(REPOSITORY.toString());
        assertThat(api().get("/actuator/prometheus").body())
                .containsPattern("grove_model_reference_deviation\\{[^}]*model=\"onnx-cancer\"[^}]*} 0\\.059");
    }

    @Test
    void anOnnxFileWithoutADescriptorIsServedAsTheGraphNamesIt() {
        JsonNode model = api().get("/models/onnx-bare").json();

        assertThat(model.get("features")).extracting(f -> f.get("name").asString()).containsExactly("f0", "f1", "f2", "f3");
        assertThat(model.get("classes")).extracting(JsonNode::asString).containsExactly("0", "1", "2");
        Reply reply = api().postJson("/models/onnx-bare/predict", "{\"features\":[6.7,3.0,5.2,2.3]}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("label").asString()).isEqualTo("2");
    }

    private void assertBatchEqualsExpected(String model, Path expectedCsv, List<String> classes) {
        assertBatchNearExpected(model, expectedCsv, classes, 0.0);
    }

    private void assertBatchNearExpected(String model, Path expectedCsv, List<String> classes, double bound) {
        List<String> lines = read(expectedCsv);
        List<String> header = List.of(lines.getFirst().split(","));
        int width = classes.isEmpty() ? header.indexOf("prediction") : header.indexOf("label");
        StringJoiner rows = new StringJoiner(",", "{\"rows\":[", "]}");
        for (String line : lines.subList(1, ROWS + 1)) {
            String[] cells = line.split(",");
            StringJoiner row = new StringJoiner(",", "[", "]");
            for (int f = 0; f < width; f++) {
                row.add(cells[f].equals("NaN") ? "null" : cells[f]);
            }
            rows.add(row.toString());
        }
        Reply reply = api().postJson("/models/" + model + "/predict-batch", rows.toString());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode predictions = reply.json().get("predictions");
        assertThat(predictions).hasSize(ROWS);
        for (int r = 0; r < ROWS; r++) {
            String[] cells = lines.get(r + 1).split(",");
            JsonNode p = predictions.get(r);
            if (classes.isEmpty()) {
                assertThat(p.get("prediction").asDouble()).as("row %d", r)
                        .isCloseTo(Double.parseDouble(cells[header.indexOf("prediction")]), offset(bound));
            } else {
                for (int c = 0; c < classes.size(); c++) {
                    assertThat(p.get("proba").get(c).asDouble()).as("row %d class %s", r, classes.get(c))
                            .isCloseTo(Double.parseDouble(cells[header.indexOf("proba_" + classes.get(c))]), offset(bound));
                }
            }
        }
    }

    private ApiClient api() {
        return new ApiClient(port);
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A repository of one version per model, copied from the fixtures as users hand them over. */
    private static Path repository() {
        try {
            Path root = Files.createTempDirectory("grove-formats");
            version(root, "xgb-iris", RESOURCES.resolve("xgboost/iris-xgb/model.json"), null);
            version(root, "xgb-iris-ubj", RESOURCES.resolve("xgboost/iris-xgb/model.ubj"), null);
            version(root, "xgb-cancer", RESOURCES.resolve("xgboost/breast-cancer-xgb/model.json"),
                    "{\"classes\":[\"malignant\",\"benign\"]}");
            version(root, "xgb-cancer-strict", RESOURCES.resolve("xgboost/breast-cancer-xgb/model.json"),
                    "{\"features\":[{\"name\":\"mean_radius\",\"missing\":false}" + otherCancerFeatures() + "]}");
            version(root, "xgb-diabetes", RESOURCES.resolve("xgboost/diabetes-xgb/model.json"), null);
            version(root, "lgb-binary", RESOURCES.resolve("lightgbm/binary-categorical/model.txt"), null);
            version(root, "tribuo-iris", Path.of("models/iris/1/model.tribuo"), null);
            String iris = "{\"classes\":[\"setosa\",\"versicolor\",\"virginica\"]}";
            version(root, "onnx-iris", RESOURCES.resolve("onnx/iris-rf-sklearn/model.onnx"), iris);
            version(root, "onnx-logreg", RESOURCES.resolve("onnx/iris-logreg-sklearn/model.onnx"), iris);
            version(root, "onnx-diabetes", RESOURCES.resolve("onnx/diabetes-gbr-sklearn/model.onnx"), null);
            version(root, "onnx-bare", RESOURCES.resolve("onnx/iris-rf-sklearn/model.onnx"), null);
            Path cancer = version(root, "onnx-cancer", RESOURCES.resolve("onnx/breast-cancer-hgb-sklearn/model.onnx"),
                    "{\"classes\":[\"malignant\",\"benign\"],\"features\":" + cancerFeatures()
                            + ",\"reference\":{\"file\":\"expected.csv\",\"tolerance\":1e-4}}");
            Files.copy(RESOURCES.resolve("onnx/breast-cancer-hgb-sklearn/expected.csv"), cancer.resolve("expected.csv"));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String otherCancerFeatures() {
        String header = read(RESOURCES.resolve("xgboost/breast-cancer-xgb/expected.csv")).getFirst();
        StringBuilder out = new StringBuilder();
        for (String name : List.of(header.split(",")).subList(1, 30)) {
            out.append(",{\"name\":\"").append(name).append("\"}");
        }
        return out.toString();
    }

    private static Path version(Path root, String name, Path file, String descriptor) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name).resolve("1"));
        Files.copy(file, dir.resolve(file.getFileName()));
        if (descriptor != null) {
            Files.writeString(dir.resolve("descriptor.json"), descriptor);
        }
        return dir;
    }

    /** The breast-cancer features by name, in the file's order: the ONNX graph calls them f0..f29. */
    private static String cancerFeatures() {
        String header = read(RESOURCES.resolve("onnx/breast-cancer-hgb-sklearn/expected.csv")).getFirst();
        StringJoiner out = new StringJoiner(",", "[", "]");
        for (String name : List.of(header.split(",")).subList(0, 30)) {
            out.add("{\"name\":\"" + name + "\"}");
        }
        return out.toString();
    }
}
