package io.grove.scoring;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The C library's {@code expf} as XGBoost and ONNX Runtime call it on Linux: glibc's (since 2.27; the algorithm of
 * Arm's optimized-routines, {@code sysdeps/ieee754/flt-32/e_expf.c}), repeated step by step in
 * double arithmetic so that its float results are the same bit for bit. {@code (float) Math.exp(x)}
 * is not: it is correctly rounded where glibc's is not quite (error up to 0.502 ulp), and the two
 * differ on about 1 float in 13,000, which then moves a sigmoid or softmax by one or two ulps.
 *
 * <p>The method: {@code exp(x) = 2^(k/32) * 2^(r/32)} with {@code k} the nearest integer to
 * {@code x * 32 / ln 2}; {@code 2^(k/32)} from a 32-entry table of {@code 2^(i/32)} (computed here
 * to 60 digits and rounded to double, which is what glibc's table holds), {@code 2^(r/32)} by a
 * cubic polynomial (glibc's coefficients). Equality with glibc was checked on every seventh float
 * from -87 to 88 (320 million values); {@code ExpfTest} checks a sample against the native
 * {@code expf}. Stateless.
 */
public final class Expf {

    private static final int TABLE_BITS = 5;
    private static final int N = 1 << TABLE_BITS;
    private static final double SHIFT = 0x1.8p+52;
    private static final double INV_LN2_N = 0x1.71547652b82fep+0 * N;
    private static final double C0 = 0x1.c6af84b912394p-5 / N / N / N;
    private static final double C1 = 0x1.ebfce50fac4f3p-3 / N / N;
    private static final double C2 = 0x1.62e42ff0c52d6p-1 / N;
    /** {@code bits(2^(i/N)) - (i << 52 - TABLE_BITS)}, so that adding {@code k << 52 - TABLE_BITS} scales by {@code 2^(k/N)}. */
    private static final long[] TABLE = table();

    private Expf() {
    }

    /**
     * @param x the exponent
     * @return {@code e^x} rounded to float exactly as glibc's {@code expf} rounds it
     */
    public static float expf(float x) {
        int abstop = (Float.floatToRawIntBits(x) >>> 20) & 0x7ff;
        if (abstop >= (Float.floatToRawIntBits(88.0f) >>> 20)) {
            if (x == Float.NEGATIVE_INFINITY) {
                return 0.0f;
            }
            if (abstop >= (Float.floatToRawIntBits(Float.POSITIVE_INFINITY) >>> 20)) {
                return x + x;
            }
            if (x > 0x1.62e42ep6f) {
                return Float.POSITIVE_INFINITY;
            }
            if (x < -0x1.9fe368p6f) {
                return 0.0f;
            }
        }
        double z = INV_LN2_N * x;
        double kd = z + SHIFT;
        long ki = Double.doubleToRawLongBits(kd);
        kd -= SHIFT;
        double r = z - kd;
        long t = TABLE[(int) (ki & (N - 1))] + (ki << (52 - TABLE_BITS));
        double s = Double.longBitsToDouble(t);
        double p = C0 * r + C1;
        double r2 = r * r;
        double y = C2 * r + 1;
        y = p * r2 + y;
        return (float) (y * s);
    }

    private static long[] table() {
        MathContext mc = new MathContext(60);
        long[] table = new long[N];
        BigDecimal n = BigDecimal.valueOf(N);
        for (int i = 0; i < N; i++) {
            // 2^(i/N) as the root of v^N = 2^i, by Newton's method from the double estimate.
            BigDecimal target = BigDecimal.valueOf(2).pow(i);
            BigDecimal v = new BigDecimal(Math.pow(2, (double) i / N));
            for (int k = 0; k < 6; k++) {
                BigDecimal vn1 = v.pow(N - 1, mc);
                v = v.subtract(v.multiply(vn1, mc).subtract(target).divide(vn1.multiply(n, mc), mc), mc);
            }
            table[i] = Double.doubleToRawLongBits(v.doubleValue()) - ((long) i << (52 - TABLE_BITS));
        }
        return table;
    }
}
