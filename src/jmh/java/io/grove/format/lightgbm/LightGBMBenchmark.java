package io.grove.format.lightgbm;

import static com.microsoft.ml.lightgbm.lightgbmlib.*;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_float;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFile;
import io.grove.scoring.Score;
import io.grove.scoring.Scorer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Grove's compiled LightGBM evaluator against LightGBM's own {@code LGBM_BoosterPredictForMat}, on
 * the same model file: one row at a time, and 1,000-row batches. {@code large} is 1,000 trees of
 * depth 8 (255 leaves) over 100 features, {@code small} 100 trees of 15 leaves over 10 features; both
 * are trained in {@code @Setup} with LightGBM (one thread) and saved, and both sides read the saved file.
 *
 * <p>LightGBM's rows are put into native memory in {@code @Setup} (64 single-row buffers, one
 * 1,000-row buffer), so its measured calls do no copying a Java caller would need; its single-row
 * fast path ({@code LGBM_BoosterPredictForMatSingleRowFast}, given the Java array directly) is
 * measured too. Rows cycle so that branch prediction cannot learn one path. Run with
 * {@code ./mvnw -q -Pjmh compile exec:exec@jmh -Djmh.args="LightGBMBenchmark -prof gc"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class LightGBMBenchmark {

    private static final int ROWS = 64;
    private static final int BATCH = 1000;

    @Param({"large", "small"})
    String model;

    Scorer compiled;
    double[][] rows;
    double[][] batch;
    SWIGTYPE_p_void booster;
    SWIGTYPE_p_void fastConfig;
    SWIGTYPE_p_void[] nativeRows;
    SWIGTYPE_p_void nativeBatch;
    SWIGTYPE_p_double result;
    SWIGTYPE_p_long_long resultLength;
    int width;
    int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        loadNatives();
        boolean large = model.equals("large");
        width = large ? 100 : 10;
        String params = large
                ? "objective=regression num_leaves=255 max_depth=8 min_data_in_leaf=5 max_bin=63"
                : "objective=binary num_leaves=15";
        Path file = Files.createTempFile("lightgbm-benchmark", ".txt");
        train(params + " num_threads=1 seed=7 deterministic=true force_row_wise=true verbose=-1", large ? 1000 : 100,
                large ? 8000 : 2000, file);
        compiled = new LightGBMFormat().read(new ModelFile("model.txt", file, Files.readAllBytes(file)),
                FormatOptions.DEFAULT).scorer();

        SWIGTYPE_p_p_void out = new_voidpp();
        check(LGBM_BoosterCreateFromModelfile(file.toString(), new_intp(), out));
        booster = voidpp_value(out);
        Files.delete(file);
        SWIGTYPE_p_p_void fast = new_voidpp();
        check(LGBM_BoosterPredictForMatSingleRowFastInit(booster, lightgbmlibConstants.C_API_PREDICT_NORMAL, 0, -1,
                lightgbmlibConstants.C_API_DTYPE_FLOAT64, width, "num_threads=1", fast));
        fastConfig = voidpp_value(fast);

        SplittableRandom random = new SplittableRandom(11);
        rows = randomRows(ROWS, random);
        batch = randomRows(BATCH, random);
        nativeRows = new SWIGTYPE_p_void[ROWS];
        for (int r = 0; r < ROWS; r++) {
            nativeRows[r] = toNative(new double[][] {rows[r]});
        }
        nativeBatch = toNative(batch);
        result = new_doubleArray(BATCH * 2L);
        resultLength = new_int64_tp();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        LGBM_FastConfigFree(fastConfig);
        LGBM_BoosterFree(booster);
    }

    @Benchmark
    public Score compiledSingleRow() {
        double[] row = rows[next];
        next = (next + 1) % ROWS;
        return compiled.score(row);
    }

    @Benchmark
    public double lightgbmPredictForMatSingleRow() {
        SWIGTYPE_p_void row = nativeRows[next];
        next = (next + 1) % ROWS;
        check(LGBM_BoosterPredictForMat(booster, row, lightgbmlibConstants.C_API_DTYPE_FLOAT64, 1, width, 1,
                lightgbmlibConstants.C_API_PREDICT_NORMAL, 0, -1, "num_threads=1", resultLength, result));
        return doubleArray_getitem(result, 0);
    }

    @Benchmark
    public double lightgbmSingleRowFast() {
        double[] row = rows[next];
        next = (next + 1) % ROWS;
        check(LGBM_BoosterPredictForMatSingleRowFastCriticalSWIG(row, fastConfig, resultLength, result));
        return doubleArray_getitem(result, 0);
    }

    @Benchmark
    public Score[] compiledBatch1000() {
        return compiled.scoreAll(batch);
    }

    @Benchmark
    public double lightgbmPredictForMatBatch1000() {
        check(LGBM_BoosterPredictForMat(booster, nativeBatch, lightgbmlibConstants.C_API_DTYPE_FLOAT64, BATCH, width, 1,
                lightgbmlibConstants.C_API_PREDICT_NORMAL, 0, -1, "num_threads=1", resultLength, result));
        return doubleArray_getitem(result, 0);
    }

    private double[][] randomRows(int n, SplittableRandom random) {
        double[][] out = new double[n][width];
        for (double[] row : out) {
            for (int j = 0; j < width; j++) {
                row[j] = random.nextDouble() < 0.02 ? Double.NaN : random.nextGaussian();
            }
        }
        return out;
    }

    /** A label that needs deep trees: a sum of bumps and interactions over the features, with noise. */
    private void train(String params, int iterations, int n, Path file) {
        SplittableRandom random = new SplittableRandom(5);
        double[][] x = randomRows(n, random);
        SWIGTYPE_p_float labels = new_floatArray(n);
        for (int i = 0; i < n; i++) {
            double y = random.nextGaussian() * 0.1;
            for (int j = 0; j + 1 < width; j += 2) {
                double a = Double.isNaN(x[i][j]) ? 0 : x[i][j];
                double b = Double.isNaN(x[i][j + 1]) ? 0 : x[i][j + 1];
                y += Math.sin(3 * a) * b;
            }
            floatArray_setitem(labels, i, (float) (params.contains("binary") ? (y > 0 ? 1 : 0) : y));
        }
        SWIGTYPE_p_p_void dataset = new_voidpp();
        check(LGBM_DatasetCreateFromMat(toNative(x), lightgbmlibConstants.C_API_DTYPE_FLOAT64, n, width, 1, params, null,
                dataset));
        check(LGBM_DatasetSetField(voidpp_value(dataset), "label", float_to_voidp_ptr(labels), n,
                lightgbmlibConstants.C_API_DTYPE_FLOAT32));
        SWIGTYPE_p_p_void trained = new_voidpp();
        check(LGBM_BoosterCreate(voidpp_value(dataset), params, trained));
        var finished = new_intp();
        for (int i = 0; i < iterations; i++) {
            check(LGBM_BoosterUpdateOneIter(voidpp_value(trained), finished));
        }
        check(LGBM_BoosterSaveModel(voidpp_value(trained), 0, -1, lightgbmlibConstants.C_API_FEATURE_IMPORTANCE_SPLIT,
                file.toString()));
        LGBM_BoosterFree(voidpp_value(trained));
        LGBM_DatasetFree(voidpp_value(dataset));
    }

    private static SWIGTYPE_p_void toNative(double[][] x) {
        int w = x[0].length;
        SWIGTYPE_p_double data = new_doubleArray((long) x.length * w);
        for (int r = 0; r < x.length; r++) {
            for (int c = 0; c < w; c++) {
                doubleArray_setitem(data, (long) r * w + c, x[r][c]);
            }
        }
        return double_to_voidp_ptr(data);
    }

    /** The natives ship inside the lightgbmlib jar: extract them and load lib_lightgbm first, as SynapseML does. */
    private static void loadNatives() throws IOException {
        Path dir = Files.createTempDirectory("lightgbmlib");
        for (String lib : new String[] {"lib_lightgbm.so", "lib_lightgbm_swig.so"}) {
            try (InputStream in = LightGBMBenchmark.class.getResourceAsStream("/com/microsoft/ml/lightgbm/linux/x86_64/" + lib)) {
                Files.copy(in, dir.resolve(lib), StandardCopyOption.REPLACE_EXISTING);
            }
            System.load(dir.resolve(lib).toString());
        }
    }

    private static void check(int status) {
        if (status != 0) {
            throw new IllegalStateException("LightGBM: " + LGBM_GetLastError());
        }
    }
}
