package io.grove.format.xgboost;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFile;
import io.grove.scoring.OutputKind;
import io.grove.scoring.Score;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The three Python fixtures (XGBoost 1.7.4, saved with {@code save_model}; the expected columns are
 * {@code Booster.predict} in float32 printed as float64): Grove's answers equal them exactly, as
 * doubles, on every row. The JSON and UBJSON files of the Iris model read to the same model.
 */
class XGBoostFixturesTest {

    private static final XGBoostFormat FORMAT = new XGBoostFormat();

    @Test
    void irisMultiSoftprobEqualsXGBoostProbabilitiesAndMarginsExactly() {
        for (String file : List.of("model.json", "model.ubj")) {
            FormatModel model = load("iris-xgb", file);
            assertThat(model.output()).isEqualTo(OutputKind.CLASSIFICATION);
            assertThat(model.classes()).containsExactly("0", "1", "2");
            assertThat(model.features()).containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width");
            assertThat(model.positional()).isTrue();
            assertThat(model.missingValues()).isTrue();
            assertThat(model.platform()).isEqualTo("xgboost");
            assertThat(model.scorer().kind()).isEqualTo("compiled-forest");
            assertThat(model.provenance()).isEqualTo(new XGBoostProvenance("xgboost", "1.7.4",
                    file.endsWith("json") ? "json" : "ubjson", "multi:softprob", "gbtree", 150, 3, 4, List.of(0.5f, 0.5f, 0.5f)));

            Csv csv = Csv.read("iris-xgb");
            String[] proba = {"proba_setosa", "proba_versicolor", "proba_virginica"};
            String[] margin = {"margin_setosa", "margin_versicolor", "margin_virginica"};
            CompiledXGBoostScorer scorer = (CompiledXGBoostScorer) model.scorer();
            assertThat(scorer.scoresBatchesRowByRow()).as("150 small trees, three groups summed in lanes: row by row").isTrue();
            Score[] batch = scorer.scoreAll(csv.features());
            Score[] blocks = scorer.scoreInBlocks(csv.features());
            for (int r = 0; r < csv.rows(); r++) {
                double[] row = csv.features()[r];
                Score.Classification c = (Score.Classification) scorer.score(row);
                for (int k = 0; k < 3; k++) {
                    assertThat(c.proba()[k]).as("%s row %d %s", file, r, proba[k]).isEqualTo(csv.value(r, proba[k]));
                    assertThat((double) scorer.margins(row)[k]).as("%s row %d %s", file, r, margin[k])
                            .isEqualTo(csv.value(r, margin[k]));
                }
                assertThat(c.classIndex()).isEqualTo(TestModels.firstMax(scorer.margins(row)));
                assertThat(batch[r]).usingRecursiveComparison().isEqualTo(c);
                assertThat(blocks[r]).usingRecursiveComparison().isEqualTo(c);
            }
        }
    }

    @Test
    void breastCancerBinaryLogisticWithMissingValuesEqualsXGBoostExactly() {
        FormatModel model = load("breast-cancer-xgb", "model.json");
        assertThat(model.output()).isEqualTo(OutputKind.CLASSIFICATION);
        assertThat(model.classes()).containsExactly("0", "1");
        assertThat(model.features()).hasSize(30).startsWith("mean_radius");
        Csv csv = Csv.read("breast-cancer-xgb");
        assertThat(Arrays.stream(csv.features()).flatMapToDouble(Arrays::stream).filter(Double::isNaN).count())
                .as("the fixture has missing values").isGreaterThan(1000);
        CompiledXGBoostScorer scorer = (CompiledXGBoostScorer) model.scorer();
        assertThat(scorer.scoresBatchesRowByRow()).as("80 small trees, one output: batches go row by row").isTrue();
        Score[] batch = scorer.scoreAll(csv.features());
        Score[] blocks = scorer.scoreInBlocks(csv.features());
        for (int r = 0; r < csv.rows(); r++) {
            double[] row = csv.features()[r];
            Score.Classification c = (Score.Classification) scorer.score(row);
            assertThat(blocks[r]).usingRecursiveComparison().isEqualTo(c);
            assertThat(c.proba()[1]).as("row %d proba_benign", r).isEqualTo(csv.value(r, "proba_benign"));
            assertThat(c.proba()[0]).as("row %d proba_malignant", r).isEqualTo(csv.value(r, "proba_malignant"));
            assertThat((double) scorer.margins(row)[0]).as("row %d margin", r).isEqualTo(csv.value(r, "margin"));
            assertThat(c.classIndex()).isEqualTo(c.proba()[1] > 0.5 ? 1 : 0);
            assertThat(batch[r]).usingRecursiveComparison().isEqualTo(c);
        }
    }

    @Test
    void diabetesSquaredErrorEqualsXGBoostExactly() {
        FormatModel model = load("diabetes-xgb", "model.json");
        assertThat(model.output()).isEqualTo(OutputKind.REGRESSION);
        assertThat(model.classes()).isEmpty();
        assertThat(model.features()).containsExactly("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6");
        Csv csv = Csv.read("diabetes-xgb");
        CompiledXGBoostScorer scorer = (CompiledXGBoostScorer) model.scorer();
        assertThat(scorer.scoresBatchesRowByRow()).as("120 trees of depth 4, one output: batches go row by row").isTrue();
        Score[] batch = scorer.scoreAll(csv.features());
        Score[] blocks = scorer.scoreInBlocks(csv.features());
        for (int r = 0; r < csv.rows(); r++) {
            Score.Regression s = (Score.Regression) scorer.score(csv.features()[r]);
            assertThat(s.value()).as("row %d", r).isEqualTo(csv.value(r, "prediction"));
            assertThat(batch[r]).isEqualTo(s);
            assertThat(blocks[r]).isEqualTo(s);
        }
    }

    @Test
    void jsonAndUbjsonReadToTheSameModel() {
        XGBoostModel json = XGBoostModelReader.read(JsonModelReader.read(bytes("iris-xgb/model.json")));
        XGBoostModel ubj = XGBoostModelReader.read(UbjsonReader.read(bytes("iris-xgb/model.ubj")));
        assertThat(ubj).isEqualTo(json);
        assertThat(json.trees()).hasSize(150);
    }

    static FormatModel load(String fixture, String file) {
        return FORMAT.read(new ModelFile(file, Path.of(fixture, file), bytes(fixture + "/" + file)), FormatOptions.DEFAULT);
    }

    static byte[] bytes(String resource) {
        try (InputStream in = XGBoostFixturesTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture's expected.csv: the feature columns come first, up to {@code label} or {@code prediction}. */
    record Csv(List<String> header, double[][] features, List<String[]> cells) {

        static Csv read(String fixture) {
            String[] lines = new String(bytes(fixture + "/expected.csv"), StandardCharsets.UTF_8).split("\n");
            List<String> header = List.of(lines[0].split(","));
            int width = header.contains("label") ? header.indexOf("label") : header.indexOf("prediction");
            double[][] features = new double[lines.length - 1][];
            List<String[]> cells = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                String[] c = lines[i].split(",");
                cells.add(c);
                features[i - 1] = new double[width];
                for (int j = 0; j < width; j++) {
                    features[i - 1][j] = Double.parseDouble(c[j]);
                }
            }
            return new Csv(header, features, cells);
        }

        int rows() {
            return features.length;
        }

        double value(int row, String column) {
            return Double.parseDouble(cells.get(row)[header.indexOf(column)]);
        }
    }
}
