package io.grove.format.xgboost;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFile;
import io.grove.format.ModelFormatException;
import io.grove.scoring.Score;
import java.nio.file.Path;
import java.util.Arrays;

/** The oracle both fuzz tests apply to arbitrary bytes read as a model file. */
final class FuzzedModels {

    private static final XGBoostFormat FORMAT = new XGBoostFormat();

    private FuzzedModels() {
    }

    /**
     * Reading either fails with a one-sentence {@link ModelFormatException} or gives a model that
     * scores a row of zeros and a row of missing values, row by row and as a batch alike, with
     * answers of the model's shape. Any other exception or error fails the fuzz test.
     */
    static void check(String fileName, byte[] bytes) {
        FormatModel model;
        try {
            // Not TestModels.load: that class brings Jackson's databind, which Jazzer would instrument for nothing.
            model = FORMAT.read(new ModelFile(fileName, Path.of("fuzz", fileName), bytes), FormatOptions.DEFAULT);
        } catch (ModelFormatException e) {
            assertThat(e.getMessage()).isNotBlank().endsWith(".");
            return;
        }
        int width = model.features().size();
        assertThat(width).isPositive();
        double[] zeros = new double[width];
        double[] missing = new double[width];
        Arrays.fill(missing, Double.NaN);
        Score[] batch = model.scorer().scoreAll(new double[][] {zeros, missing});
        for (int i = 0; i < 2; i++) {
            Score score = model.scorer().score(i == 0 ? zeros : missing);
            assertThat(batch[i]).usingRecursiveComparison().isEqualTo(score);
            if (score instanceof Score.Classification c) {
                assertThat(c.proba()).hasSize(model.classes().size());
                assertThat(c.classIndex()).isBetween(0, model.classes().size() - 1);
            } else {
                assertThat(model.classes()).isEmpty();
            }
        }
    }
}
