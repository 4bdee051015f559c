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
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/** The regression training is deterministic: a fresh training reproduces the committed diabetes model exactly. */
class RegressionForestTrainingTest {

    static final Path CSV = Path.of("models/diabetes/diabetes.csv");
    static final String[] FEATURES = {"age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"};
    static RegressionForestTraining.Result fresh;

    @BeforeAll
    static void train() throws IOException {
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
        fresh = new RegressionForestTraining(CSV, "progression", 50, 10, 42, 0.8).train();
    }

    @Test
    void holdOutFiguresAreThoseTheReadmeStates() {
        assertThat(fresh.holdoutRmse()).isCloseTo(55.53, org.assertj.core.data.Offset.offset(0.005));
        assertThat(fresh.holdoutR2()).isCloseTo(0.417, org.assertj.core.data.Offset.offset(0.0005));
        assertThat(fresh.trainRows()).isEqualTo(353);
        assertThat(fresh.holdoutRows()).isEqualTo(89);
    }

    @Test
    @SuppressWarnings("unchecked")
    void reproducesTheCommittedModelsPredictionsOnEveryRow() throws IOException {
        Model<Regressor> committed = (Model<Regressor>) Model.deserializeFromFile(Path.of("models/diabetes/1/model.tribuo"));
        List<String> lines = Files.readAllLines(CSV).stream().skip(1).filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(442);
        for (String line : lines) {
            double[] row = Arrays.stream(line.split(",")).limit(FEATURES.length).mapToDouble(Double::parseDouble).toArray();
            var example = new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, FEATURES, row);
            assertThat(fresh.model().predict(example).getOutput().getValues()[0]).as(line)
                    .isEqualTo(committed.predict(example).getOutput().getValues()[0]);
        }
    }
}
