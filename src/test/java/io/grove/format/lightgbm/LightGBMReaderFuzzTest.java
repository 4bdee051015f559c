package io.grove.format.lightgbm;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.grove.format.ModelFormatException;
import io.grove.scoring.Score;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the LightGBM model-text reader and the scorer it builds. The reader is
 * called directly, not through {@link LightGBMFormat#read}'s safety net, so that any exception other
 * than {@link ModelFormatException} (an index, number-format or arithmetic exception, an
 * out-of-memory or stack-overflow error) is a finding.
 *
 * <p>Oracles: reading either succeeds or throws a {@code ModelFormatException} with a message; a
 * model that reads scores rows of zeros, NaN, huge and negative values without failing, within its
 * declared shape (a classifier's probabilities, one per class, in [0, 1]).
 * By default only the committed inputs under
 * {@code src/test/resources/io/grove/format/lightgbm/LightGBMReaderFuzzTestInputs} run; with
 * {@code JAZZER_FUZZ=1} (the pom's {@code fuzz-lightgbm-reader} execution) Jazzer fuzzes for
 * {@code maxDuration}. A crash it finds is saved there: commit it as a regression input.
 */
class LightGBMReaderFuzzTest {

    private static final double[] VALUES = {0.0, Double.NaN, -1.0, 1e300, -1e300, 33.0, 2.5, 1e-36};

    @FuzzTest(maxDuration = "30s")
    void readModelText(byte[] bytes) {
        LightGBMModel model;
        try {
            model = ModelReader.read(bytes);
        } catch (ModelFormatException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        CompiledLightGBMScorer scorer = new CompiledLightGBMScorer(model);
        double[] row = new double[scorer.width()];
        for (double value : VALUES) {
            Arrays.fill(row, value);
            Score score = scorer.score(row);
            if (model.objective().classifies()) {
                double[] proba = ((Score.Classification) score).proba();
                assertThat(proba).hasSize(scorer.classes());
                for (double p : proba) {
                    assertThat(p).isBetween(0.0, 1.0);
                }
            } else {
                assertThat(score).isInstanceOf(Score.Regression.class);
            }
        }
    }
}
