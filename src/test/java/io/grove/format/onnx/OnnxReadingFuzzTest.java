package io.grove.format.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.grove.format.FormatModel;
import io.grove.format.ModelFormatException;
import io.grove.scoring.Score;
import io.grove.scoring.Scorer;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of ONNX reading: arbitrary bytes, seeded with the four scikit-learn
 * fixtures, go through {@link OnnxFormat#read} with native code disallowed, so that only Grove's
 * own code runs (the wire budget, protobuf parsing, the checks, the graph signature and the tree
 * compiler). Oracles: reading either gives a model or throws a {@link ModelFormatException} of one
 * line that wraps no defect (no cause); a model it gives scores a row of zeros and a row of NaN
 * without throwing, with probabilities for every class. By default only the committed inputs
 * under {@code OnnxReadingFuzzTestInputs} run; the pom's {@code fuzz-onnx-reading} execution
 * fuzzes for {@code maxDuration} with {@code JAZZER_FUZZ=1}. A crash it finds is saved there:
 * commit it as a regression input.
 */
class OnnxReadingFuzzTest {

    private final OnnxFormat format = new OnnxFormat();

    @FuzzTest(maxDuration = "45s")
    void read(byte[] bytes) {
        FormatModel model;
        try {
            model = format.read(OnnxFixtures.file(bytes), OnnxFixtures.NO_NATIVE);
        } catch (ModelFormatException e) {
            assertThat(e.getCause()).as("a defect wrapped as a format error").isNull();
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
            return;
        }
        try (Scorer scorer = model.scorer()) {
            int width = model.features().size();
            double[] nan = new double[width];
            Arrays.fill(nan, Double.NaN);
            for (double[] row : new double[][] {new double[width], nan}) {
                Score score = scorer.score(row);
                if (score instanceof Score.Classification(int c, double[] p)) {
                    assertThat(p).hasSize(model.classes().size());
                    assertThat(c).isBetween(0, model.classes().size() - 1);
                }
            }
        }
    }
}
