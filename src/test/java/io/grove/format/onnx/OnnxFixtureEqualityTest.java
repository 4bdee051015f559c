package io.grove.format.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.scoring.OutputKind;
import io.grove.scoring.Score;
import io.grove.scoring.Scorer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

/**
 * Grove's compiled tree ensembles against ONNX Runtime (Java, one intra-op thread) on the
 * scikit-learn fixtures: bit-identical labels and float32 outputs on every row of expected.csv and
 * on 100,000 probe rows per model (a quarter of the values on split thresholds or their float32
 * neighbours, and NaN for missing values); and both against scikit-learn's own predictions within
 * the bounds the fixtures' README documents.
 */
class OnnxFixtureEqualityTest {

    static final int PROBES = 100_000;
    static final List<String> TREE_MODELS = OnnxFixtures.TREE_MODELS;

    @ParameterizedTest
    @FieldSource("TREE_MODELS")
    void treeModelsAreCompiled(String name) {
        FormatModel model = OnnxFixtures.read(OnnxFixtures.model(name), FormatOptions.DEFAULT);
        assertThat(model.scorer().kind()).isEqualTo("compiled-forest");
        assertThat(model.platform()).isEqualTo("onnx");
        assertThat(model.positional()).isTrue();
        assertThat(model.missingValues()).isTrue();
        assertThat(((OnnxProvenance) model.provenance()).producer()).isEqualTo("skl2onnx");
    }

    @ParameterizedTest
    @FieldSource("TREE_MODELS")
    void compiledEqualsOnnxRuntimeBitForBit(String name) throws IOException {
        byte[] bytes = OnnxFixtures.model(name);
        OnnxFixtures.Expected expected = OnnxFixtures.expected(name);
        FormatModel compiled = OnnxFixtures.read(bytes, FormatOptions.DEFAULT);
        assertThat(compiled.scorer()).as("skl2onnx writes float BRANCH_LEQ trees, which batches walk level by level")
                .isInstanceOfSatisfying(CompiledTreeEnsemble.class, c -> assertThat(c.walksLevels()).isTrue());
        assertThat(((CompiledTreeEnsemble) compiled.scorer()).scoresBatchesRowByRow())
                .as("small trees summed in registers: batches go row by row").isTrue();
        int width = compiled.features().size();
        List<double[]> rows = new ArrayList<>();
        for (int r = 0; r < expected.rows().size(); r++) {
            rows.add(expected.features(r, width));
        }
        List<TreeSet<Float>> thresholds = OnnxFixtures.thresholds(bytes, width);
        rows.addAll(Arrays.asList(OnnxFixtures.probes(expected, width, thresholds, PROBES, name.hashCode(), true)));
        try (Scorer ort = OnnxFixtures.read(bytes, OnnxFixtures.RUNTIME).scorer()) {
            assertThat(ort.kind()).isEqualTo("onnxruntime");
            // The logistic transform takes exp in Java's double and rounds it; ONNX Runtime calls the C library's expf.
            int maxUlps = name.equals("breast-cancer-hgb-sklearn") ? 1 : 0;
            int inexact = assertSameScores(compiled.scorer(), ort, rows.toArray(double[][]::new), maxUlps);
            System.out.printf("%s: %d rows, %d not bit-identical with ONNX Runtime%n", name, rows.size(), inexact);
        }
    }

    /**
     * Scores in 1,000-row batches on ONNX Runtime, row by row compiled: the same label always, and
     * outputs within {@code maxUlps} float32 ulps (0: bit-identical).
     *
     * @return the number of rows whose outputs are not bit-identical
     */
    static int assertSameScores(Scorer compiled, Scorer ort, double[][] rows, int maxUlps) {
        int inexact = 0;
        long worst = 0;
        String first = null;
        for (int from = 0; from < rows.length; from += 1000) {
            double[][] batch = Arrays.copyOfRange(rows, from, Math.min(rows.length, from + 1000));
            Score[] expected = ort.scoreAll(batch);
            Score[] compiledBatch = compiled.scoreAll(batch);
            Score[] blocks = compiled instanceof CompiledTreeEnsemble c ? c.scoreInBlocks(batch) : compiledBatch;
            for (int i = 0; i < batch.length; i++) {
                Score got = compiled.score(batch[i]);
                assertThat(describe(compiledBatch[i])).as("compiled scoreAll, row %s", Arrays.toString(batch[i]))
                        .isEqualTo(describe(got));
                assertThat(describe(blocks[i])).as("compiled scoreInBlocks, row %s", Arrays.toString(batch[i]))
                        .isEqualTo(describe(got));
                long ulps = ulps(got, expected[i]);
                if (ulps != 0) {
                    inexact++;
                    if (ulps > worst) {
                        worst = ulps;
                        first = Arrays.toString(batch[i]) + ": compiled " + describe(got) + ", ONNX Runtime "
                                + describe(expected[i]);
                    }
                }
            }
        }
        if (inexact > 0) {
            System.out.printf("%d of %d rows not bit-identical with ONNX Runtime, at most %d ulps%n", inexact, rows.length, worst);
        }
        assertThat(worst).as("largest difference from ONNX Runtime in ulps over %d rows (%d inexact); %s", rows.length,
                inexact, first).isLessThanOrEqualTo(maxUlps);
        return inexact;
    }

    /** The largest float32 ulp distance between two scores' outputs; Long.MAX_VALUE if the labels differ. */
    static long ulps(Score a, Score b) {
        if (a instanceof Score.Regression(double x) && b instanceof Score.Regression(double y)) {
            return ulps(x, y);
        }
        if (a instanceof Score.Classification(int ca, double[] pa) && b instanceof Score.Classification(int cb, double[] pb)
                && ca == cb && pa.length == pb.length) {
            long worst = 0;
            for (int k = 0; k < pa.length; k++) {
                worst = Math.max(worst, ulps(pa[k], pb[k]));
            }
            return worst;
        }
        return Long.MAX_VALUE;
    }

    private static long ulps(double x, double y) {
        if (Double.doubleToLongBits(x) == Double.doubleToLongBits(y) || Double.isNaN(x) && Double.isNaN(y)) {
            return 0;
        }
        if (Double.isNaN(x) || Double.isNaN(y) || (float) x != x || (float) y != y) {
            return Long.MAX_VALUE;
        }
        return Math.abs((long) ordered((float) x) - ordered((float) y));
    }

    private static int ordered(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits < 0 ? Integer.MIN_VALUE - bits : bits;
    }

    static String describe(Score s) {
        return s instanceof Score.Classification(int c, double[] p) ? c + " " + Arrays.toString(p) : s.toString();
    }

    @Test
    void theLogisticRegressionRunsOnOnnxRuntime() {
        FormatModel model = OnnxFixtures.read(OnnxFixtures.model("iris-logreg-sklearn"), FormatOptions.DEFAULT);
        try (Scorer scorer = model.scorer()) {
            assertThat(scorer.kind()).isEqualTo("onnxruntime");
            assertThat(model.output()).isEqualTo(OutputKind.CLASSIFICATION);
            assertThat(model.classes()).containsExactly("0", "1", "2");
            assertThat(model.missingValues()).isFalse();
        }
    }

    /** The README: iris models within 4.2e-7 of scikit-learn, diabetes within 1.3e-4, breast cancer off on 27 rows. */
    @ParameterizedTest
    @FieldSource("io.grove.format.onnx.OnnxFixtures#ALL_MODELS")
    void bothAgreeWithScikitLearnWithinTheDocumentedBounds(String name) {
        OnnxFixtures.Expected expected = OnnxFixtures.expected(name);
        FormatModel model = OnnxFixtures.read(OnnxFixtures.model(name), FormatOptions.DEFAULT);
        int width = model.features().size();
        double worst = 0;
        int off = 0;
        int labelsOff = 0;
        try (Scorer scorer = model.scorer()) {
            for (int r = 0; r < expected.rows().size(); r++) {
                Score score = scorer.score(expected.features(r, width));
                String[] row = expected.rows().get(r);
                double error = 0;
                if (score instanceof Score.Regression(double v)) {
                    error = Math.abs(v - Double.parseDouble(row[expected.column("prediction")]));
                } else if (score instanceof Score.Classification(int c, double[] p)) {
                    for (int k = 0; k < p.length; k++) {
                        error = Math.max(error, Math.abs(p[k] - Double.parseDouble(row[width + 1 + k])));
                    }
                    labelsOff += c == OnnxFixtures.classIndex(name, row[width]) ? 0 : 1;
                }
                worst = Math.max(worst, error);
                off += error > 1e-4 ? 1 : 0;
            }
        }
        switch (name) {
            case "iris-rf-sklearn", "iris-logreg-sklearn" -> {
                assertThat(worst).isLessThanOrEqualTo(4.2e-7);
                assertThat(labelsOff).isZero();
            }
            case "diabetes-gbr-sklearn" -> assertThat(worst).isLessThanOrEqualTo(1.3e-4);
            default -> {
                assertThat(off).isLessThanOrEqualTo(27);
                assertThat(worst).isLessThanOrEqualTo(0.0596);
                assertThat(labelsOff).isLessThanOrEqualTo(off);
            }
        }
    }
}
