package io.grove.format.xgboost;

import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFile;
import io.grove.scoring.Score;
import io.grove.scoring.Scorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Grove's compiled XGBoost scorer against XGBoost's own predictor (xgboost4j 3.4.0, native), on the
 * three Python fixtures and on a large model (1,000 trees of depth 8 over 100 features, 10% of
 * values missing, trained in {@link #setUp}): one row at a time, and 1,000-row batches.
 *
 * <p>{@code xgboost4j} builds a {@code DMatrix} from the row(s) and calls {@code Booster.predict},
 * as a Java service using XGBoost would; {@code xgboost4j-inplace} calls {@code inplace_predict},
 * which skips the {@code DMatrix}. XGBoost uses its default threads (all cores), except
 * {@code xgboost4j-1thread} ({@code nthread=1}), the same work on one core as the compiled scorer's:
 * under a server's load, every core is already busy with a request. Rows cycle through a fixed set so branch prediction cannot learn one path. Goals:
 * at least 5x xgboost4j per row at batch 1, at least its speed at 1,000 rows.
 *
 * <p>Run with {@code ./mvnw -q -Pjmh compile exec:exec@jmh -Djmh.args="XGBoostBenchmark -prof gc"}
 * from the project directory (the fixtures are read from {@code src/test/resources}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class XGBoostBenchmark {

    private static final Path FIXTURES = Path.of("src/test/resources/io/grove/format/xgboost");
    private static final int BATCH = 1_000;
    private static final Path LARGE_MODEL = Path.of("target/xgboost-benchmark/model.ubj");

    @Param({"iris", "breast-cancer", "diabetes", "large"})
    String model;

    @Param({"compiled", "xgboost4j", "xgboost4j-1thread", "xgboost4j-inplace"})
    String engine;

    private Scorer scorer;
    private Booster booster;
    private int width;
    private double[][] rows;
    private float[][] floatRows;
    private double[][] batch;
    private float[] floatBatch;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException, XGBoostError {
        Path file;
        if (model.equals("large")) {
            // Trained once and kept under target/ for the other engines and forks: training takes a while.
            file = LARGE_MODEL;
            width = 100;
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                trainLarge(file);
            }
            rows = randomRows(4_096, width, new SplittableRandom(11));
        } else {
            file = FIXTURES.resolve(model + "-xgb").resolve("model.json");
            rows = fixtureRows(FIXTURES.resolve(model + "-xgb").resolve("expected.csv"));
            width = rows[0].length;
        }
        FormatModel loaded = new XGBoostFormat().read(new ModelFile(file.getFileName().toString(), file, Files.readAllBytes(file)),
                FormatOptions.DEFAULT);
        scorer = loaded.scorer();
        booster = XGBoost.loadModel(file.toString());
        if (engine.equals("xgboost4j-1thread")) {
            booster.setParam("nthread", 1);
        }
        floatRows = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            floatRows[i] = toFloats(rows[i]);
        }
        batch = new double[BATCH][];
        floatBatch = new float[BATCH * width];
        for (int i = 0; i < BATCH; i++) {
            batch[i] = rows[i % rows.length];
            System.arraycopy(floatRows[i % rows.length], 0, floatBatch, i * width, width);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        booster.dispose();
    }

    /** One row: the cost of a single-row request. */
    @Benchmark
    public Object predictOneRow() throws XGBoostError {
        int i = next;
        next = next + 1 == rows.length ? 0 : next + 1;
        return switch (engine) {
            case "compiled" -> scorer.score(rows[i]);
            case "xgboost4j", "xgboost4j-1thread" -> {
                DMatrix one = new DMatrix(floatRows[i], 1, width, Float.NaN);
                try {
                    yield booster.predict(one);
                } finally {
                    one.dispose();
                }
            }
            default -> booster.inplace_predict(floatRows[i], 1, width, Float.NaN);
        };
    }

    /** 1,000 rows in one call; divide by 1,000 for the cost per row. */
    @Benchmark
    public Object predictBatchOf1000() throws XGBoostError {
        return switch (engine) {
            case "compiled" -> {
                Score[] scores = scorer.scoreAll(batch);
                yield scores;
            }
            case "xgboost4j", "xgboost4j-1thread" -> {
                DMatrix many = new DMatrix(floatBatch, BATCH, width, Float.NaN);
                try {
                    yield booster.predict(many);
                } finally {
                    many.dispose();
                }
            }
            default -> booster.inplace_predict(floatBatch, BATCH, width, Float.NaN);
        };
    }

    private void trainLarge(Path file) throws XGBoostError {
        SplittableRandom random = new SplittableRandom(5);
        // Few rows and coarse bins keep 1,000 rounds quick; min_child_weight 0 still grows every tree to depth 8.
        int n = 2_000;
        double[][] x = randomRows(n, width, random);
        float[] flat = new float[n * width];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double signal = 0;
            for (int j = 0; j < width; j++) {
                flat[i * width + j] = (float) x[i][j];
                signal += Double.isNaN(x[i][j]) ? 0 : Math.sin(x[i][j] * (1 + j % 7));
            }
            y[i] = signal + random.nextGaussian() > 0 ? 1 : 0;
        }
        DMatrix train = new DMatrix(flat, n, width, Float.NaN);
        train.setLabel(y);
        Map<String, Object> params = new HashMap<>(Map.of("objective", "binary:logistic", "max_depth", 8, "eta", 0.05,
                "min_child_weight", 0, "max_bin", 32, "verbosity", 0, "seed", 1));
        // One training thread: OpenMP's spinning threads crawl on a busy machine. Prediction keeps XGBoost's default.
        params.put("nthread", 1);
        Booster trained = XGBoost.train(train, params, 1_000, Map.of(), null, null);
        trained.saveModel(file.toString());
        trained.dispose();
        train.dispose();
    }

    private static double[][] randomRows(int n, int width, SplittableRandom random) {
        double[][] rows = new double[n][width];
        for (double[] row : rows) {
            for (int j = 0; j < width; j++) {
                row[j] = random.nextInt(10) == 0 ? Double.NaN : random.nextGaussian();
            }
        }
        return rows;
    }

    private static double[][] fixtureRows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.getFirst().split(","));
        int width = header.contains("label") ? header.indexOf("label") : header.indexOf("prediction");
        return lines.stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> Arrays.stream(l.split(",")).limit(width).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
    }

    private static float[] toFloats(double[] row) {
        float[] f = new float[row.length];
        for (int i = 0; i < row.length; i++) {
            f[i] = (float) row[i];
        }
        return f;
    }
}
