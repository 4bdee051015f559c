package io.grove.format.lightgbm;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFile;
import io.grove.scoring.OutputKind;
import io.grove.scoring.Score;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed model files: a v3 text written by hand from the format, whose predictions are worked
 * out by hand below, and two small models trained by LightGBM ({@code version=v4}, with {@code tree_sizes}):
 * a binary classifier with categorical splits and a three-class one with zero-as-missing splits.
 * Each is also scored by LightGBM from the same file.
 */
class LightGBMFixtureTest {

    private static final String DIR = "/io/grove/format/lightgbm/";

    @TempDir
    Path dir;

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = LightGBMFixtureTest.class.getResourceAsStream(DIR + name + "/model.txt")) {
            return in.readAllBytes();
        }
    }

    static FormatModel read(byte[] bytes) {
        return new LightGBMFormat().read(new ModelFile("model.txt", Path.of("model.txt"), bytes), FormatOptions.DEFAULT);
    }

    /**
     * Tree 0: a <= 0.5 (NaN as 0, missing None) -> 1, else b <= 2.5 -> 2, else 3, NaN b (missing NaN,
     * default right) -> 3. Tree 1: c in {0, 2, 33} -> 10, else (NaN, negative, other) 20. Tree 2: a
     * single leaf, 0.25. Tree 3: a zero or NaN (missing Zero, default left) -> 100, else a <= -0.25 -> 100, else 200.
     */
    @Test
    void handWrittenV3ScoresAsWorkedOut() throws IOException {
        FormatModel model = read(fixture("hand-v3"));
        assertThat(model.output()).isEqualTo(OutputKind.REGRESSION);
        assertThat(model.features()).containsExactly("a", "b", "c");
        assertThat(model.positional()).isTrue();
        assertThat(model.missingValues()).isTrue();
        assertThat(model.platform()).isEqualTo("lightgbm");
        assertThat(model.scorer().kind()).isEqualTo("compiled-forest");
        assertThat(model.provenance()).isEqualTo(new LightGBMProvenance("LightGBM", "v3", "regression", 4, 4, false));
        double nan = Double.NaN;
        double[][] rows = {
                {0.7, 3, 2}, {nan, nan, nan}, {0.5, 2.5, 33}, {-0.3, 0, -1}, {1.0, 2.0, 1}, {0.6, nan, 34}, {1e-36, 9, 0},
                {-0.0, 2.5, 33.9}, {0.6, 2.5, 2147483648.0}};
        double[] expected = {213.25, 121.25, 211.25, 121.25, 222.25, 223.25, 111.25, 111.25, 222.25};
        for (int i = 0; i < rows.length; i++) {
            assertThat(((Score.Regression) model.scorer().score(rows[i])).value()).as("row %d", i).isEqualTo(expected[i]);
        }
        assertThat(lightGBM("hand-v3", rows, 1)).containsExactly(expected);
    }

    @Test
    void trainedBinaryWithCategoricalSplits() throws IOException {
        FormatModel model = read(fixture("binary-categorical"));
        assertThat(model.output()).isEqualTo(OutputKind.CLASSIFICATION);
        assertThat(model.classes()).containsExactly("0", "1");
        assertThat(model.features()).hasSize(7).startsWith("Column_0");
        assertThat(model.provenance()).isEqualTo(new LightGBMProvenance("LightGBM", "v4", "binary sigmoid:1", 8, 8, false));
        double[][] rows = rows(3000);
        double[] lightgbm = lightGBM("binary-categorical", rows, 1);
        for (int i = 0; i < rows.length; i++) {
            var score = (Score.Classification) model.scorer().score(rows[i]);
            double p = lightgbm[i];
            assertThat(score.proba()[1]).as("row %d", i).isCloseTo(p, org.assertj.core.data.Offset.offset(4 * Math.ulp(p)));
            assertThat(score.proba()[0]).isEqualTo(1 - score.proba()[1]);
            assertThat(score.classIndex()).isEqualTo(score.proba()[1] > 0.5 ? 1 : 0);
        }
    }

    @Test
    void trainedMulticlassWithZeroAsMissing() throws IOException {
        FormatModel model = read(fixture("multiclass-zero-missing"));
        assertThat(model.classes()).containsExactly("0", "1", "2");
        double[][] rows = rows(3000);
        double[] lightgbm = lightGBM("multiclass-zero-missing", rows, 3);
        for (int i = 0; i < rows.length; i++) {
            var score = (Score.Classification) model.scorer().score(rows[i]);
            int best = 0;
            for (int k = 0; k < 3; k++) {
                double p = lightgbm[3 * i + k];
                assertThat(score.proba()[k]).as("row %d class %d", i, k)
                        .isCloseTo(p, org.assertj.core.data.Offset.offset(4 * Math.ulp(p)));
                best = score.proba()[k] > score.proba()[best] ? k : best;
            }
            assertThat(score.classIndex()).isEqualTo(best);
        }
    }

    private static double[][] rows(int n) {
        SplittableRandom random = new SplittableRandom(3);
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = LightGBMOracleTest.row(random);
            if (i % 7 == 0) {
                rows[i][random.nextInt(rows[i].length)] = random.nextBoolean() ? Double.NaN : -1;
            }
        }
        return rows;
    }

    private double[] lightGBM(String fixture, double[][] rows, int outputs) throws IOException {
        Path file = dir.resolve(fixture + ".txt");
        Files.write(file, fixture(fixture));
        try (var booster = new LightGBMLib.Booster(file)) {
            assertThat(booster.outputs()).isEqualTo(outputs);
            return booster.predict(rows, false);
        }
    }

    /** The fixtures are what their names say. */
    @Test
    void fixturesHoldWhatTheyAreFor() throws IOException {
        LightGBMModel binary = LightGBMFormat.parse(fixture("binary-categorical"));
        assertThat(binary.trees()).anyMatch(t -> t.numCat() > 0);
        LightGBMModel multi = LightGBMFormat.parse(fixture("multiclass-zero-missing"));
        assertThat(multi.trees()).anyMatch(t -> t.nodes() > 0 && t.missingType(0) == LightGBMTree.MISSING_ZERO);
        assertThat(List.of(new String(fixture("hand-v3")).split("\n"))).doesNotContain("tree_sizes");
    }
}
