package io.grove.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grove.support.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * Reference rows: a version is scored on rows with the training library's own outputs at load, and
 * refused when it deviates more than their tolerance; the deviation is shown either way.
 */
class ReferenceRowsTest {

    static final String[] FEATURES = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
    static final String[] CLASSES = {"setosa", "versicolor", "virginica"};

    @TempDir
    Path root;
    Path version;
    final ModelLoader loader = TestModels.loader();

    @BeforeEach
    void copyIrisWithItsOwnPredictionsAsReference() throws IOException {
        version = Files.createDirectories(root.resolve("iris").resolve("1"));
        Files.copy(Path.of("models/iris/1/model.tribuo"), version.resolve("model.tribuo"));
        Files.write(version.resolve("expected.csv"), tribuoPredictions(0.0));
        writeDescriptor(1e-12);
    }

    @Test
    void aVersionEqualToItsReferenceLoadsAndShowsTheDeviation() {
        ReferenceCheck check = loader.load(version).reference();

        assertThat(check.rows()).isEqualTo(150);
        assertThat(check.maxDeviation()).isZero();
        assertThat(check.passed()).isTrue();
        assertThat(check.file()).isEqualTo("expected.csv");
    }

    @Test
    void aVersionFurtherFromItsReferenceThanTheToleranceFailsNamingTheWorstRow() throws IOException {
        Files.write(version.resolve("expected.csv"), tribuoPredictions(0.01));

        assertThatThrownBy(() -> loader.load(version)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("deviates from its reference rows by 0.01")
                .hasMessageContaining("at line 2 of")
                .hasMessageContaining("more than their tolerance 1.0E-12");
    }

    @Test
    void aToleranceAboveTheDeviationAcceptsIt() throws IOException {
        Files.write(version.resolve("expected.csv"), tribuoPredictions(0.01));
        writeDescriptor(0.02);

        assertThat(loader.load(version).reference().maxDeviation()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aReferenceOutsideTheVersionDirectoryIsRefused() throws IOException {
        Files.writeString(version.resolve("descriptor.json"),
                "{\"reference\":{\"file\":\"../../../etc/passwd\",\"tolerance\":0.1}}");

        assertThatThrownBy(() -> loader.load(version)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("needs a 'file' (a plain file name in the version directory)");
    }

    @Test
    void aReferenceWithoutTheModelsColumnsIsRefused() throws IOException {
        Files.writeString(version.resolve("expected.csv"), "a,b\n1,2\n");

        assertThatThrownBy(() -> loader.load(version)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("have no column");
    }

    private void writeDescriptor(double tolerance) throws IOException {
        Files.writeString(version.resolve("descriptor.json"), """
                {"features": [{"name": "sepal_length"}, {"name": "sepal_width"}, {"name": "petal_length"},
                              {"name": "petal_width"}],
                 "classes": ["setosa", "versicolor", "virginica"],
                 "reference": {"file": "expected.csv", "tolerance": %s}}""".formatted(tolerance));
    }

    /** Tribuo's own probabilities for the 150 Iris rows; {@code shiftFirst} moves the first row's first one. */
    @SuppressWarnings("unchecked")
    private static List<String> tribuoPredictions(double shiftFirst) throws IOException {
        Model<Label> model = (Model<Label>) Model.deserializeFromFile(Path.of("models/iris/1/model.tribuo"));
        List<String> lines = new ArrayList<>(List.of(String.join(",", FEATURES) + ",label,proba_setosa,proba_versicolor,proba_virginica"));
        for (String line : Files.readAllLines(Path.of("models/iris/iris.csv")).subList(1, 151)) {
            String[] cells = line.split(",");
            double[] row = new double[4];
            for (int i = 0; i < 4; i++) {
                row[i] = Double.parseDouble(cells[i]);
            }
            Prediction<Label> p = model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, FEATURES, row));
            StringBuilder out = new StringBuilder(String.join(",", cells[0], cells[1], cells[2], cells[3]))
                    .append(',').append(p.getOutput().getLabel());
            for (int c = 0; c < CLASSES.length; c++) {
                double proba = p.getOutputScores().get(CLASSES[c]).getScore();
                out.append(',').append(lines.size() == 1 && c == 0 ? proba + shiftFirst : proba);
            }
            lines.add(out.toString());
        }
        return lines;
    }
}
