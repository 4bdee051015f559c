package io.grove.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/** The training command is deterministic: a fresh training reproduces the committed model exactly. */
class ForestTrainingTest {

    static final Path CSV = Path.of("models/iris/iris.csv");
    static final String[] FEATURES = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
    static ForestTraining.Result fresh;

    @BeforeAll
    static void train() throws IOException {
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
        fresh = new ForestTraining(CSV, "species", 50, 42, 0.8).train();
    }

    @Test
    void holdOutAccuracyIsAtLeast93Percent() {
        assertThat(fresh.holdoutAccuracy()).isGreaterThanOrEqualTo(0.93);
        assertThat(fresh.trainRows() + fresh.holdoutRows()).isEqualTo(150);
    }

    @Test
    @SuppressWarnings("unchecked")
    void reproducesTheCommittedModelsPredictionsOnEveryRow() throws IOException {
        Model<Label> committed = (Model<Label>) Model.deserializeFromFile(Path.of("models/iris/1/model.tribuo"));
        List<String> lines = Files.readAllLines(CSV).subList(1, 151);

        for (String line : lines) {
            double[] row = Arrays.stream(line.split(",")).limit(4).mapToDouble(Double::parseDouble).toArray();
            var example = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, FEATURES, row);
            Prediction<Label> expected = committed.predict(example);
            Prediction<Label> actual = fresh.model().predict(example);
            assertThat(actual.getOutput().getLabel()).as(line).isEqualTo(expected.getOutput().getLabel());
            for (String label : List.of("setosa", "versicolor", "virginica")) {
                assertThat(actual.getOutputScores().get(label).getScore()).as(line + " " + label)
                        .isEqualTo(expected.getOutputScores().get(label).getScore());
            }
        }
    }
}
