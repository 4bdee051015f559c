package io.grove.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Expf} against the C library's own {@code expf} (called through the foreign function API),
 * the one XGBoost's native predictor calls: equal bit for bit on every float of the range a
 * sigmoid or softmax feeds it that is a multiple of 97 apart, plus the edges.
 */
class ExpfTest {

    @Test
    void equalsTheCLibrarysExpfBitForBit() throws Throwable {
        Linker linker = Linker.nativeLinker();
        Optional<MemorySegment> symbol = linker.defaultLookup().find("expf");
        assumeTrue(symbol.isPresent() && System.getProperty("os.name").startsWith("Linux"), "glibc's expf");
        MethodHandle expf = linker.downcallHandle(symbol.get(), FunctionDescriptor.of(ValueLayout.JAVA_FLOAT, ValueLayout.JAVA_FLOAT));
        int differences = 0;
        int javaDifferences = 0;
        int checked = 0;
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 3_000_000; i++) {
            float x = i < 1_000_000 ? (float) (random.nextDouble() * 2 - 1)
                    : i < 2_000_000 ? (float) (random.nextDouble() * 200 - 110)
                    : Float.intBitsToFloat(random.nextInt());
            float expected = (float) expf.invokeExact(x);
            checked++;
            if (Float.floatToIntBits(Expf.expf(x)) != Float.floatToIntBits(expected)) {
                differences++;
            }
            if (Float.floatToIntBits((float) Math.exp(x)) != Float.floatToIntBits(expected)) {
                javaDifferences++;
            }
        }
        for (float x : new float[] {0f, -0f, 88.0f, 88.7f, 0x1.62e42ep6f, Math.nextUp(0x1.62e42ep6f), -0x1.9fe368p6f,
                Math.nextDown(-0x1.9fe368p6f), Float.MIN_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN}) {
            float expected = (float) expf.invokeExact(x);
            assertThat(Float.floatToIntBits(Expf.expf(x))).as("expf(%s)", x).isEqualTo(Float.floatToIntBits(expected));
        }
        assertThat(differences).as("of %d floats", checked).isZero();
        // The reason Expf exists: Java's exp rounds some of these differently.
        assertThat(javaDifferences).isPositive();
    }
}
