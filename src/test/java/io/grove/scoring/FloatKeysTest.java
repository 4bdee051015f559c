package io.grove.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The int keys a batch walk compares must order exactly as XGBoost's float comparison does. */
class FloatKeysTest {

    private static final float[] SPECIAL = {0.0f, -0.0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
            -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            1.0f, -1.0f, Math.nextUp(1.0f), Math.nextDown(1.0f), Math.nextDown(-0.0f)};

    @Test
    void keysOrderAsFloatsDo() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 1_000_000; i++) {
            float a = pick(random);
            float b = pick(random);
            int ka = FloatKeys.of(a);
            int kb = FloatKeys.of(b);
            assertThat(Integer.compare(ka, kb)).as("%s vs %s", a, b).isEqualTo(a < b ? -1 : a > b ? 1 : 0);
            assertThat(FloatKeys.above(ka, kb)).as("%s > %s", a, b).isEqualTo(a > b ? 1 : 0);
            assertThat(FloatKeys.above(ka, kb - 1)).as("%s >= %s, as XGBoost's walk asks it", a, b).isEqualTo(a >= b ? 1 : 0);
        }
    }

    @Test
    void everyFloatKeyLiesStrictlyBetweenTheMissingKeys() {
        for (float f : SPECIAL) {
            assertThat(FloatKeys.of(f)).isGreaterThan(FloatKeys.BELOW_ALL).isLessThan(FloatKeys.ABOVE_ALL);
            assertThat(FloatKeys.above(FloatKeys.ABOVE_ALL, FloatKeys.NEVER_REACHED)).isZero();
        }
    }

    /** Random bit patterns (every exponent), near neighbours and the special values; never NaN. */
    private static float pick(SplittableRandom random) {
        float f = switch (random.nextInt(3)) {
            case 0 -> Float.intBitsToFloat(random.nextInt());
            case 1 -> SPECIAL[random.nextInt(SPECIAL.length)];
            default -> (float) random.nextGaussian();
        };
        return Float.isNaN(f) ? 0.5f : f;
    }
}
