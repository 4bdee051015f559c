package io.grove.format.lightgbm;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFile;
import io.grove.scoring.Score;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Grove's LightGBM evaluator against LightGBM itself: for each objective a model is trained on
 * synthetic data (numerical features with NaN, a feature with many exact zeros, two categorical
 * features, one of more than 32 categories; one with so few bins that LightGBM writes {@code inf}
 * thresholds), saved with {@code LGBM_BoosterSaveModel}, read back by
 * LightGBM ({@code LGBM_BoosterCreateFromModelfile}) and by Grove, and both score the same rows:
 * random values, NaN, every threshold of the model and its two double neighbours, values within and
 * around {@code kZeroThreshold}, categories in and out of each set, negative, fractional and huge
 * categories. 5,400 rows per model, 108,000 over all of them.
 *
 * <p>Raw scores must be bit-identical to {@code LGBM_BoosterPredictForMat}'s raw output; so must
 * every output of an objective without {@code exp}. Where the transform exponentiates, Java's
 * {@code Math.exp} and the C library's may differ in the last bit, so those outputs must be within
 * {@link #MAX_ULPS} ulps; the test prints how many differ and by how much.
 */
class LightGBMOracleTest {

    static final int TRAIN_ROWS = 1500;
    static final int TEST_ROWS = 5400;
    static final int WIDTH = 7;
    static final String CATEGORICAL = "categorical_feature=3,4";

    /** The objectives whose transform calls {@code exp}, where the C library and Java may differ in the last bit. */
    static final java.util.Set<String> EXPONENTIATING = java.util.Set.of("binary", "multiclass", "multiclassova", "poisson",
            "gamma", "tweedie", "cross_entropy", "cross_entropy_lambda");
    /** The bound on a transformed output: exp within 1 ulp of glibc's, then at most a sum and a division. */
    static final double MAX_ULPS = 4;

    @TempDir
    Path dir;

    static Stream<Arguments> objectives() {
        return Stream.of(
                Arguments.of("binary", "objective=binary num_leaves=15 " + CATEGORICAL, Label.BINARY),
                Arguments.of("binary sigmoid", "objective=binary sigmoid=0.7 num_leaves=7 zero_as_missing=true", Label.BINARY),
                Arguments.of("binary few bins", "objective=binary num_leaves=31 max_bin=7 min_data_in_leaf=5", Label.BINARY),
                Arguments.of("multiclass", "objective=multiclass num_class=3 num_leaves=15 " + CATEGORICAL, Label.CLASS3),
                Arguments.of("multiclassova", "objective=multiclassova num_class=3 num_leaves=7 " + CATEGORICAL, Label.CLASS3),
                Arguments.of("regression zero as missing", "objective=regression num_leaves=31 zero_as_missing=true " + CATEGORICAL, Label.REAL),
                Arguments.of("regression sqrt", "objective=regression reg_sqrt=true num_leaves=15", Label.REAL),
                // Shallow full trees: walked level by level, in blocks and one row at a time.
                Arguments.of("regression level walks", "objective=regression num_leaves=15 max_depth=4 min_data_in_leaf=5",
                        Label.REAL),
                Arguments.of("binary level walks zero as missing",
                        "objective=binary num_leaves=7 max_depth=3 min_data_in_leaf=5 zero_as_missing=true", Label.BINARY),
                Arguments.of("multiclass level walks", "objective=multiclass num_class=3 num_leaves=7 max_depth=3 "
                        + "min_data_in_leaf=5 " + CATEGORICAL, Label.CLASS3),
                Arguments.of("regression_l1", "objective=regression_l1 num_leaves=15 " + CATEGORICAL, Label.REAL),
                Arguments.of("huber", "objective=huber alpha=1.5 num_leaves=15", Label.REAL),
                Arguments.of("fair", "objective=fair num_leaves=7 " + CATEGORICAL, Label.REAL),
                Arguments.of("quantile", "objective=quantile alpha=0.3 num_leaves=15 " + CATEGORICAL, Label.REAL),
                Arguments.of("mape", "objective=mape num_leaves=7", Label.POSITIVE),
                Arguments.of("poisson", "objective=poisson num_leaves=15 " + CATEGORICAL, Label.COUNT),
                Arguments.of("gamma", "objective=gamma num_leaves=15 zero_as_missing=true", Label.POSITIVE),
                Arguments.of("tweedie", "objective=tweedie tweedie_variance_power=1.3 num_leaves=15 " + CATEGORICAL, Label.COUNT),
                Arguments.of("cross_entropy", "objective=cross_entropy num_leaves=15 " + CATEGORICAL, Label.FRACTION),
                Arguments.of("cross_entropy_lambda", "objective=cross_entropy_lambda num_leaves=7", Label.FRACTION),
                Arguments.of("lambdarank", "objective=lambdarank num_leaves=15 " + CATEGORICAL, Label.RANK),
                Arguments.of("random forest", "objective=regression boosting=rf bagging_freq=1 bagging_fraction=0.6 "
                        + "feature_fraction=0.8 num_leaves=31 " + CATEGORICAL, Label.REAL),
                Arguments.of("random forest binary", "objective=binary boosting=rf bagging_freq=1 bagging_fraction=0.5 "
                        + "num_leaves=15 zero_as_missing=true", Label.BINARY));
    }

    enum Label {
        BINARY, CLASS3, REAL, POSITIVE, COUNT, FRACTION, RANK;

        double of(double[] x, SplittableRandom random) {
            double f0 = Double.isNaN(x[0]) ? 0.3 : x[0];
            double f1 = Double.isNaN(x[1]) ? -1 : x[1];
            // A missing f1 matters in itself, so that some splits send only missing values one way.
            double signal = 1.5 * f0 - f1 * f1 + (x[3] % 3 == 0 ? 1 : -0.5) + 0.05 * x[4] + (x[2] == 0 ? 0.7 : 0)
                    + (Double.isNaN(x[1]) ? 2.5 : 0) + random.nextGaussian() * 0.3;
            return switch (this) {
                case BINARY -> signal > 0.2 ? 1 : 0;
                case CLASS3 -> signal < -0.8 ? 0 : signal < 0.8 ? 1 : 2;
                case REAL -> signal;
                case POSITIVE -> Math.exp(signal / 3) + 1;
                case COUNT -> Math.floor(Math.exp(signal / 2) * random.nextDouble() * 3);
                case FRACTION -> 1 / (1 + Math.exp(-signal));
                case RANK -> Math.max(0, Math.min(3, Math.floor(signal + 1.5)));
            };
        }
    }

    /** A training-like row: f0 normal, f1 uniform with NaN, f2 mostly zeros, f3 12 categories, f4 40 categories, f5 integers, f6 noise. */
    static double[] row(SplittableRandom random) {
        return new double[] {
                random.nextGaussian(),
                random.nextDouble() < 0.15 ? Double.NaN : random.nextDouble(-2, 2),
                random.nextDouble() < 0.5 ? 0.0 : random.nextDouble(-1, 3),
                random.nextInt(12),
                random.nextInt(40),
                random.nextInt(-5, 20),
                random.nextDouble()};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objectives")
    void scoresAsLightGBMDoes(String name, String params, Label label) throws IOException {
        SplittableRandom random = new SplittableRandom(name.hashCode());
        double[][] x = new double[TRAIN_ROWS][];
        double[] y = new double[TRAIN_ROWS];
        for (int i = 0; i < TRAIN_ROWS; i++) {
            x[i] = row(random);
            y[i] = label.of(x[i], random);
        }
        Path file = dir.resolve("model.txt");
        LightGBMLib.trainAndSave(x, y, params, 25, label == Label.RANK ? 10 : 0, file);
        byte[] bytes = Files.readAllBytes(file);
        assertExercised(LightGBMFormat.parse(bytes), params);
        FormatModel model = new LightGBMFormat().read(new ModelFile("model.txt", file, bytes), FormatOptions.DEFAULT);
        CompiledLightGBMScorer scorer = (CompiledLightGBMScorer) model.scorer();
        double[][] rows = testRows(LightGBMFormat.parse(bytes), random);
        if (params.contains("max_depth")) {
            assertThat(scorer.treesLevelWalkedInBlocks()).as("trees a block walks level by level").isPositive();
            assertThat(scorer.treesLevelWalkedInOneRow()).as("trees one row walks level by level").isPositive();
        }
        if (name.equals("regression level walks") || label == Label.CLASS3) {
            assertThat(scorer.scoresBatchesRowByRow()).as("batches go row by row with one output of small numerical trees")
                    .isEqualTo(label != Label.CLASS3);
        }

        try (var booster = new LightGBMLib.Booster(file)) {
            int k = booster.outputs();
            double[] raw = booster.predict(rows, true);
            double[] normal = booster.predict(rows, false);
            int differ = 0;
            double maxUlps = 0;
            boolean transformed = EXPONENTIATING.contains(model.provenance() instanceof LightGBMProvenance p
                    ? p.objective().split(" ")[0] : "");
            Score[] batch = scorer.scoreAll(rows);
            Score[] blocks = scorer.scoreInBlocks(rows);
            for (int r = 0; r < rows.length; r++) {
                assertThat(batch[r]).as("scoreAll, row %d", r).usingRecursiveComparison().isEqualTo(scorer.score(rows[r]));
                assertThat(blocks[r]).as("scoreInBlocks, row %d", r).usingRecursiveComparison().isEqualTo(batch[r]);
                double[] mine = scorer.rawAll(rows[r]);
                for (int c = 0; c < k; c++) {
                    assertThat(mine[c]).as("raw score %d of row %s", c, java.util.Arrays.toString(rows[r]))
                            .isEqualTo(raw[r * k + c]);
                }
                double[] expected = java.util.Arrays.copyOfRange(normal, r * k, r * k + k);
                double[] actual = switch (scorer.score(rows[r])) {
                    case Score.Regression reg -> new double[] {reg.value()};
                    case Score.Classification cls -> k == 1 ? new double[] {cls.proba()[1]} : cls.proba();
                };
                for (int c = 0; c < k; c++) {
                    if (Double.doubleToLongBits(actual[c]) != Double.doubleToLongBits(expected[c])) {
                        differ++;
                        assertThat(transformed).as("%s has no exp, so output %d of row %d must be identical", name, c, r)
                                .isTrue();
                        double ulps = Math.abs(actual[c] - expected[c]) / Math.ulp(expected[c]);
                        assertThat(ulps).as("ulps off in output %d of row %d", c, r).isLessThanOrEqualTo(MAX_ULPS);
                        maxUlps = Math.max(maxUlps, ulps);
                    }
                }
            }
            System.out.printf("lightgbm oracle %-28s rows=%d trees=%d (level-walked %d in blocks, %d one row)"
                            + " outputs not bit-identical: %d (at most %.0f ulps)%n",
                    name, rows.length, LightGBMFormat.parse(bytes).trees().size(), scorer.treesLevelWalkedInBlocks(),
                    scorer.treesLevelWalkedInOneRow(), differ, maxUlps);
        }
    }

    /**
     * Requires the trained model to hold what the rows are meant to test: categorical splits (one of
     * a bitset of more than one word) where features were declared categorical, zero-as-missing nodes
     * where asked for, NaN-as-missing nodes otherwise.
     */
    static void assertExercised(LightGBMModel model, String params) {
        int categorical = 0;
        int wide = 0;
        int zero = 0;
        int nan = 0;
        int infinite = 0;
        for (LightGBMTree tree : model.trees()) {
            for (int i = 0; i < tree.nodes(); i++) {
                if (tree.categorical(i)) {
                    categorical++;
                    int k = (int) tree.threshold()[i];
                    wide += tree.catBoundaries()[k + 1] - tree.catBoundaries()[k] > 1 ? 1 : 0;
                } else if (tree.missingType(i) == LightGBMTree.MISSING_ZERO) {
                    zero++;
                } else if (tree.missingType(i) == LightGBMTree.MISSING_NAN) {
                    nan++;
                }
                infinite += Double.isInfinite(tree.threshold()[i]) ? 1 : 0;
            }
        }
        if (params.contains("categorical_feature")) {
            assertThat(categorical).as("categorical splits").isPositive();
            assertThat(wide).as("categorical splits over more than 32 categories").isPositive();
        }
        if (params.contains("max_bin=7")) {
            assertThat(infinite).as("splits on the last bin's bound, written 'inf'").isPositive();
        }
        if (params.contains("zero_as_missing=true")) {
            assertThat(zero).as("zero-as-missing splits").isPositive();
        } else {
            assertThat(nan).as("NaN-as-missing splits").isPositive();
        }
    }

    /** Rows aimed at every decision of the model: its thresholds and their neighbours, categories in and out of sets. */
    static double[][] testRows(LightGBMModel model, SplittableRandom random) {
        List<double[]> special = new ArrayList<>();
        for (LightGBMTree tree : model.trees()) {
            for (int i = 0; i < tree.nodes(); i++) {
                special.add(new double[] {tree.splitFeature()[i], tree.threshold()[i], tree.categorical(i) ? 1 : 0});
            }
        }
        double z = CompiledLightGBMScorer.ZERO_THRESHOLD;
        double[] edges = {0.0, -0.0, z, -z, Math.nextUp(z), Math.nextDown(-z), Math.nextDown(z), Math.nextUp(-z), 1e-36,
                -1e-36, 1e-300, -1e-300, Double.NaN, -1, -0.5, -3, 0.5, 2.7, 31, 32, 33, 63, 64, 1e10, -1e10, 2147483647.0,
                2147483648.0, 1e300, -1e300};
        double[][] rows = new double[TEST_ROWS][];
        for (int r = 0; r < TEST_ROWS; r++) {
            double[] row = row(random);
            int changes = random.nextInt(4);
            for (int c = 0; c < changes; c++) {
                int pick = random.nextInt(3);
                if (pick == 0 && !special.isEmpty()) {
                    double[] s = special.get(random.nextInt(special.size()));
                    double t = s[1];
                    double v = s[2] == 1 ? random.nextInt(-2, 70) : switch (random.nextInt(3)) {
                        case 0 -> t;
                        case 1 -> Math.nextUp(t);
                        default -> Math.nextDown(t);
                    };
                    row[(int) s[0]] = v;
                } else if (pick == 1) {
                    row[random.nextInt(WIDTH)] = edges[random.nextInt(edges.length)];
                } else {
                    row[random.nextInt(WIDTH)] = Double.NaN;
                }
            }
            rows[r] = row;
        }
        return rows;
    }
}
