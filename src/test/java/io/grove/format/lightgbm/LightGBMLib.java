package io.grove.format.lightgbm;

import static com.microsoft.ml.lightgbm.lightgbmlib.*;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_float;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * LightGBM itself, through the SWIG bindings of {@code com.microsoft.ml.lightgbm:lightgbmlib} (the
 * ones SynapseML uses): the oracle of the format's tests. The jar carries its natives as resources;
 * like SynapseML's {@code NativeLoader}, {@link #load} extracts {@code lib_lightgbm.so} and
 * {@code lib_lightgbm_swig.so} to a temporary directory and {@code System.load}s them in that order
 * (the SWIG library needs {@code lib_lightgbm.so}, found then by its soname among loaded libraries).
 *
 * <p>Every call runs LightGBM with one thread, as the machine is shared, and deterministically.
 */
final class LightGBMLib {

    private static boolean loaded;

    private LightGBMLib() {
    }

    /** Loads the natives once per JVM. */
    static synchronized void load() {
        if (loaded) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("lightgbmlib");
            dir.toFile().deleteOnExit();
            for (String lib : new String[] {"lib_lightgbm.so", "lib_lightgbm_swig.so"}) {
                Path target = dir.resolve(lib);
                try (InputStream in = LightGBMLib.class.getResourceAsStream("/com/microsoft/ml/lightgbm/linux/x86_64/" + lib)) {
                    if (in == null) {
                        throw new IllegalStateException(lib + " is not in the lightgbmlib jar");
                    }
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                target.toFile().deleteOnExit();
                System.load(target.toAbsolutePath().toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        loaded = true;
    }

    /**
     * Trains a booster on a dense matrix and saves it with {@code LGBM_BoosterSaveModel}.
     *
     * @param x          the rows
     * @param y          the labels
     * @param params     LightGBM parameters ({@code objective=binary categorical_feature=2}); one thread,
     *                   a fixed seed and {@code verbose=-1} are added
     * @param iterations boosting iterations
     * @param groupSize  for a ranking objective, the rows form queries of this many rows; 0 otherwise
     * @param file       where to save the model text
     */
    static void trainAndSave(double[][] x, double[] y, String params, int iterations, int groupSize, Path file) {
        load();
        String all = params + " num_threads=1 seed=7 deterministic=true force_row_wise=true verbose=-1";
        SWIGTYPE_p_double data = matrix(x);
        SWIGTYPE_p_p_void datasetOut = new_voidpp();
        check(LGBM_DatasetCreateFromMat(double_to_voidp_ptr(data), lightgbmlibConstants.C_API_DTYPE_FLOAT64,
                x.length, x[0].length, 1, all, null, datasetOut));
        SWIGTYPE_p_void dataset = voidpp_value(datasetOut);
        SWIGTYPE_p_float labels = new_floatArray(y.length);
        for (int i = 0; i < y.length; i++) {
            floatArray_setitem(labels, i, (float) y[i]);
        }
        check(LGBM_DatasetSetField(dataset, "label", float_to_voidp_ptr(labels), y.length,
                lightgbmlibConstants.C_API_DTYPE_FLOAT32));
        if (groupSize > 0) {
            int groups = y.length / groupSize;
            var sizes = new_intArray(groups);
            for (int g = 0; g < groups; g++) {
                intArray_setitem(sizes, g, groupSize);
            }
            check(LGBM_DatasetSetField(dataset, "group", int_to_voidp_ptr(sizes), groups, lightgbmlibConstants.C_API_DTYPE_INT32));
            delete_intArray(sizes);
        }
        SWIGTYPE_p_p_void boosterOut = new_voidpp();
        check(LGBM_BoosterCreate(dataset, all, boosterOut));
        SWIGTYPE_p_void booster = voidpp_value(boosterOut);
        var finished = new_intp();
        for (int i = 0; i < iterations; i++) {
            check(LGBM_BoosterUpdateOneIter(booster, finished));
        }
        check(LGBM_BoosterSaveModel(booster, 0, -1, lightgbmlibConstants.C_API_FEATURE_IMPORTANCE_SPLIT,
                file.toAbsolutePath().toString()));
        LGBM_BoosterFree(booster);
        LGBM_DatasetFree(dataset);
        delete_intp(finished);
        delete_voidpp(boosterOut);
        delete_voidpp(datasetOut);
        delete_floatArray(labels);
        delete_doubleArray(data);
    }

    /** A booster loaded from a model file with {@code LGBM_BoosterCreateFromModelfile}; free it with {@link #close}. */
    static final class Booster implements AutoCloseable {

        private final SWIGTYPE_p_p_void out;
        private final SWIGTYPE_p_void handle;
        private final int outputs;

        Booster(Path file) {
            load();
            out = new_voidpp();
            var iterations = new_intp();
            check(LGBM_BoosterCreateFromModelfile(file.toAbsolutePath().toString(), iterations, out));
            handle = voidpp_value(out);
            delete_intp(iterations);
            var classes = new_intp();
            check(LGBM_BoosterGetNumClasses(handle, classes));
            outputs = intp_value(classes);
            delete_intp(classes);
        }

        /** The number of outputs a row has: 1, or the number of classes. */
        int outputs() {
            return outputs;
        }

        /**
         * {@code LGBM_BoosterPredictForMat} on row-major doubles, all iterations.
         *
         * @param raw the raw score ({@code C_API_PREDICT_RAW_SCORE}) rather than the transformed one
         * @return {@code rows.length * outputs()} values, row by row
         */
        double[] predict(double[][] rows, boolean raw) {
            SWIGTYPE_p_double data = matrix(rows);
            SWIGTYPE_p_double result = new_doubleArray((long) rows.length * outputs);
            SWIGTYPE_p_long_long length = new_int64_tp();
            check(LGBM_BoosterPredictForMat(handle, double_to_voidp_ptr(data), lightgbmlibConstants.C_API_DTYPE_FLOAT64,
                    rows.length, rows[0].length, 1,
                    raw ? lightgbmlibConstants.C_API_PREDICT_RAW_SCORE : lightgbmlibConstants.C_API_PREDICT_NORMAL,
                    0, -1, "num_threads=1", length, result));
            double[] out = new double[(int) int64_tp_value(length)];
            for (int i = 0; i < out.length; i++) {
                out[i] = doubleArray_getitem(result, i);
            }
            delete_int64_tp(length);
            delete_doubleArray(result);
            delete_doubleArray(data);
            return out;
        }

        @Override
        public void close() {
            LGBM_BoosterFree(handle);
            delete_voidpp(out);
        }
    }

    private static SWIGTYPE_p_double matrix(double[][] rows) {
        int width = rows[0].length;
        SWIGTYPE_p_double data = new_doubleArray((long) rows.length * width);
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < width; c++) {
                doubleArray_setitem(data, (long) r * width + c, rows[r][c]);
            }
        }
        return data;
    }

    private static void check(int status) {
        if (status != 0) {
            throw new IllegalStateException("LightGBM: " + LGBM_GetLastError());
        }
    }
}
