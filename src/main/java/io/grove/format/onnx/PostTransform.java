package io.grove.format.onnx;

import io.grove.scoring.Expf;
import io.grove.format.ModelFormatException;

/**
 * The {@code post_transform} of the ONNX tree ensemble operators, computed in float32 with ONNX
 * Runtime's own formulas ({@code ml_common.h}: {@code ComputeLogistic}, {@code ComputeSoftmax},
 * {@code ComputeSoftmaxZero} and {@code ComputeProbit} with its {@code ErfInv} approximation).
 * Java's float arithmetic is IEEE binary32 like the C++ code's; {@code exp} is the C library's
 * ({@link Expf}), {@code log} and {@code sqrt} are taken in double and rounded to float.
 */
enum PostTransform {
    NONE, SOFTMAX, LOGISTIC, SOFTMAX_ZERO, PROBIT;

    private static final float SQRT2 = (float) Math.sqrt(2.0);
    private static final float ERFINV_A = 2f / ((float) Math.PI * 0.147f);
    private static final float ERFINV_B = 1f / 0.147f;

    static PostTransform of(String name) {
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("Unknown post_transform " + Shown.name(name) + ".");
        }
    }

    static float logistic(float val) {
        float v = 1f / (1f + expf(-Math.abs(val)));
        return val < 0 ? 1f - v : v;
    }

    static float probit(float val) {
        return SQRT2 * erfInv(2f * val - 1f);
    }

    private static float erfInv(float x) {
        float sgn = x < 0 ? -1.0f : 1.0f;
        x = (1f - x) * (1f + x);
        float log = (float) Math.log(x);
        float v = ERFINV_A + 0.5f * log;
        float v2 = ERFINV_B * log;
        float v3 = -v + (float) Math.sqrt(v * v - v2);
        return sgn * (float) Math.sqrt(v3);
    }

    static float expf(float x) {
        return Expf.expf(x);
    }

    /** Transforms {@code m >= 2} scores in place, as ONNX Runtime's {@code write_scores} does. */
    void apply(float[] s, int m) {
        switch (this) {
            case PROBIT -> {
                for (int k = 0; k < m; k++) {
                    s[k] = probit(s[k]);
                }
            }
            case LOGISTIC -> {
                for (int k = 0; k < m; k++) {
                    s[k] = logistic(s[k]);
                }
            }
            case SOFTMAX -> {
                float max = -Float.MAX_VALUE;
                for (int k = 0; k < m; k++) {
                    if (s[k] > max) {
                        max = s[k];
                    }
                }
                float sum = 0f;
                for (int k = 0; k < m; k++) {
                    s[k] = expf(s[k] - max);
                    sum += s[k];
                }
                for (int k = 0; k < m; k++) {
                    s[k] = s[k] / sum;
                }
            }
            case SOFTMAX_ZERO -> {
                float max = -Float.MAX_VALUE;
                for (int k = 0; k < m; k++) {
                    if (s[k] > max) {
                        max = s[k];
                    }
                }
                float expNegMax = expf(-max);
                float sum = 0f;
                for (int k = 0; k < m; k++) {
                    if (s[k] > 0.0000001f || s[k] < -0.0000001f) {
                        s[k] = expf(s[k] - max);
                        sum += s[k];
                    } else {
                        s[k] = s[k] * expNegMax;
                    }
                }
                for (int k = 0; k < m; k++) {
                    s[k] = s[k] / sum;
                }
            }
            case NONE -> {
            }
        }
    }
}
