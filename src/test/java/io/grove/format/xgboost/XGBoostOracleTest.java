package io.grove.format.xgboost;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFile;
import io.grove.scoring.OutputKind;
import io.grove.scoring.Score;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * XGBoost itself (xgboost4j 3.4.0, native) as the oracle: each case trains a model on random data
 * with missing values, saves it as JSON and as UBJSON, and Grove's compiled scorer must give what
 * {@code Booster.predict} gives, and the margins {@code predict(..., outputMargin = true)} gives,
 * on random rows that include missing values and values exactly at split thresholds and one float
 * ulp either side of them. 14 models of 7,200 rows each: about 100,000 rows in all.
 *
 * <p>Equality is exact: every margin, probability, value and class is bit-identical to XGBoost's
 * float32 result ({@link Expf} repeats glibc's {@code expf}, which XGBoost's sigmoid, softmax and
 * exp link call).
 */
class XGBoostOracleTest {

    private static final int ROWS = 7_200;
    private static final int FEATURES = 8;
    private static final XGBoostFormat FORMAT = new XGBoostFormat();

    @TempDir
    Path dir;

    static Stream<Arguments> objectives() {
        return Stream.of(
                Arguments.of("binary:logistic", 6, 30, Map.of()),
                Arguments.of("binary:logistic", 2, 5, Map.of("base_score", 0.3)),
                Arguments.of("binary:logitraw", 4, 20, Map.of()),
                Arguments.of("multi:softprob", 4, 15, Map.of("num_class", 4)),
                Arguments.of("multi:softmax", 3, 15, Map.of("num_class", 3)),
                Arguments.of("reg:squarederror", 8, 20, Map.of()),
                Arguments.of("reg:squarederror", 12, 3, Map.of("min_child_weight", 0)),
                Arguments.of("reg:logistic", 5, 20, Map.of()),
                Arguments.of("reg:absoluteerror", 5, 20, Map.of()),
                Arguments.of("reg:pseudohubererror", 5, 20, Map.of()),
                Arguments.of("count:poisson", 5, 20, Map.of()),
                Arguments.of("reg:gamma", 5, 20, Map.of()),
                Arguments.of("reg:tweedie", 5, 20, Map.of("tweedie_variance_power", 1.3)),
                Arguments.of("rank:pairwise", 4, 20, Map.of()));
    }

    @ParameterizedTest(name = "{0} depth {1} rounds {2} {3}")
    @MethodSource("objectives")
    void groveEqualsXGBoost(String objective, int depth, int rounds, Map<String, Object> extra)
            throws XGBoostError, IOException {
        SplittableRandom random = new SplittableRandom(objective.hashCode() * 31L + depth);
        Booster booster = train(objective, depth, rounds, extra, random);
        String[] files = {"model.json", "model.ubj"};
        FormatModel[] models = new FormatModel[2];
        byte[][] bytes = new byte[2][];
        for (int i = 0; i < 2; i++) {
            Path path = dir.resolve(files[i]);
            booster.saveModel(path.toString());
            bytes[i] = Files.readAllBytes(path);
            models[i] = FORMAT.read(new ModelFile(files[i], path, bytes[i]), FormatOptions.DEFAULT);
        }
        assertThat(bytes[1][0]).as("the .ubj file is UBJSON").isEqualTo((byte) '{');
        assertThat(bytes[1][1]).isNotEqualTo((byte) '"');
        assertThat(models[1].provenance()).usingRecursiveComparison().ignoringFields("file").isEqualTo(models[0].provenance());
        assertThat(((XGBoostProvenance) models[0].provenance()).version()).isEqualTo("3.4.0");

        float[][] rows = testRows(XGBoostModelReader.read(JsonModelReader.read(bytes[0])), random);
        DMatrix test = new DMatrix(flatten(rows), rows.length, FEATURES, Float.NaN);
        float[][] predicted = booster.predict(test);
        float[][] margins = booster.predict(test, true, 0);
        test.dispose();
        booster.dispose();

        for (int m = 0; m < 2; m++) {
            FormatModel model = models[m];
            CompiledXGBoostScorer scorer = (CompiledXGBoostScorer) model.scorer();
            double[][] doubles = new double[rows.length][];
            for (int r = 0; r < rows.length; r++) {
                doubles[r] = widen(rows[r]);
            }
            Score[] batch = scorer.scoreAll(doubles);
            Score[] blocks = scorer.scoreInBlocks(doubles);
            for (int r = 0; r < rows.length; r++) {
                String at = files[m] + " row " + r;
                assertThat(scorer.margins(doubles[r])).as("margins, %s", at).containsExactly(margins[r]);
                Score score = scorer.score(doubles[r]);
                assertThat(batch[r]).as("scoreAll, %s", at).usingRecursiveComparison().isEqualTo(score);
                assertThat(blocks[r]).as("scoreInBlocks, %s", at).usingRecursiveComparison().isEqualTo(score);
                compare(objective, model, score, predicted[r], margins[r], at);
            }
        }
    }

    /** Compares one answer with XGBoost's prediction and margins for the row. */
    private static void compare(String objective, FormatModel model, Score score, float[] predicted, float[] margin, String at) {
        switch (objective) {
            case "binary:logistic" -> {
                assertThat(model.output()).isEqualTo(OutputKind.CLASSIFICATION);
                Score.Classification c = (Score.Classification) score;
                assertThat(c.proba()[0]).isEqualTo(1.0 - c.proba()[1]);
                assertThat(c.classIndex()).as(at).isEqualTo(c.proba()[1] > 0.5 ? 1 : 0);
                assertThat((float) c.proba()[1]).as(at).isEqualTo(predicted[0]);
            }
            case "multi:softprob" -> {
                Score.Classification c = (Score.Classification) score;
                float[] proba = new float[c.proba().length];
                for (int k = 0; k < proba.length; k++) {
                    proba[k] = (float) c.proba()[k];
                }
                assertThat(proba).as(at).containsExactly(predicted);
                assertThat(c.classIndex()).as(at).isEqualTo(TestModels.firstMax(margin));
            }
            case "multi:softmax" -> {
                Score.Classification c = (Score.Classification) score;
                assertThat((float) c.classIndex()).as("class, %s", at).isEqualTo(predicted[0]);
            }
            case "reg:logistic", "count:poisson", "reg:gamma", "reg:tweedie" -> {
                assertThat((float) ((Score.Regression) score).value()).as(at).isEqualTo(predicted[0]);
            }
            default -> {
                assertThat(model.output()).isEqualTo(OutputKind.REGRESSION);
                assertThat((float) ((Score.Regression) score).value()).as(at).isEqualTo(predicted[0]).isEqualTo(margin[0]);
            }
        }
    }

    private static Booster train(String objective, int depth, int rounds, Map<String, Object> extra, SplittableRandom random)
            throws XGBoostError {
        int n = 3_000;
        float[][] x = new float[n][FEATURES];
        float[] y = new float[n];
        int classes = extra.containsKey("num_class") ? (int) extra.get("num_class") : 0;
        for (int i = 0; i < n; i++) {
            double signal = 0;
            for (int j = 0; j < FEATURES; j++) {
                x[i][j] = random.nextInt(10) == 0 ? Float.NaN : (float) (random.nextGaussian() * (j + 1));
                signal += Float.isNaN(x[i][j]) ? 0 : Math.sin(x[i][j] * (j + 1) / 3.0);
            }
            signal += random.nextGaussian() * 0.3;
            y[i] = switch (objective) {
                case "binary:logistic", "binary:logitraw", "reg:logistic" -> signal > 0 ? 1 : 0;
                case "multi:softprob", "multi:softmax" -> Math.floorMod((int) Math.floor(signal * 2), classes);
                case "count:poisson", "reg:tweedie" -> (float) Math.floor(Math.exp(signal / 2) * random.nextDouble() * 3);
                case "reg:gamma" -> (float) (Math.exp(signal / 2) + 0.01);
                case "rank:pairwise" -> Math.max(0, Math.min(4, (int) Math.round(signal + 2)));
                default -> (float) (signal * 10 + 3);
            };
        }
        DMatrix train = new DMatrix(flatten(x), n, FEATURES, Float.NaN);
        train.setLabel(y);
        if (objective.startsWith("rank:")) {
            int[] groups = new int[n / 30];
            java.util.Arrays.fill(groups, 30);
            train.setGroup(groups);
        }
        Map<String, Object> params = new HashMap<>(extra);
        params.put("objective", objective);
        params.put("max_depth", depth);
        params.put("eta", 0.3);
        params.put("nthread", 1);
        params.put("seed", 7);
        params.put("verbosity", 0);
        Booster booster = XGBoost.train(train, params, rounds, Map.of(), null, null);
        booster.setFeatureNames(java.util.stream.IntStream.range(0, FEATURES).mapToObj(i -> "x" + i).toArray(String[]::new));
        train.dispose();
        return booster;
    }

    /**
     * Random rows: a tenth of the values missing, a third taken from the model's own split thresholds,
     * exactly or one float ulp below or above, the rest random.
     */
    private static float[][] testRows(XGBoostModel parsed, SplittableRandom random) {
        Map<Integer, List<Float>> byFeature = new HashMap<>();
        for (RegressionTree t : parsed.trees()) {
            for (int i = 0; i < t.left().length; i++) {
                if (!t.isLeaf(i)) {
                    byFeature.computeIfAbsent(t.feature()[i], k -> new ArrayList<>()).add(t.condition()[i]);
                }
            }
        }
        float[][] rows = new float[ROWS][FEATURES];
        for (float[] row : rows) {
            for (int j = 0; j < FEATURES; j++) {
                int pick = random.nextInt(30);
                List<Float> at = byFeature.getOrDefault(j, List.of());
                if (pick < 3) {
                    row[j] = Float.NaN;
                } else if (pick < 13 && !at.isEmpty()) {
                    float t = at.get(random.nextInt(at.size()));
                    row[j] = switch (pick % 3) {
                        case 0 -> t;
                        case 1 -> Math.nextUp(t);
                        default -> Math.nextDown(t);
                    };
                } else {
                    row[j] = (float) (random.nextGaussian() * (j + 1) * 1.5);
                }
            }
        }
        return rows;
    }

    private static float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[i].length, rows[i].length);
        }
        return flat;
    }

    private static double[] widen(float[] row) {
        double[] d = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            d[i] = row[i];
        }
        return d;
    }
}
