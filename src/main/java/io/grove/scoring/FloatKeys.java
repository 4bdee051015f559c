package io.grove.scoring;

/**
 * Floats as ints that order as the floats do, so that a tree walk can compare a value with a
 * threshold by the sign of a subtraction, with no branch that depends on the data: what lets the
 * compiled evaluators walk a block of rows through a tree level by level. Stateless.
 */
public final class FloatKeys {

    /** A missing value that must compare below every float's key. */
    public static final int BELOW_ALL = Integer.MIN_VALUE;
    /** A missing value that must compare above every float's key, yet below {@link #NEVER_REACHED}. */
    public static final int ABOVE_ALL = Integer.MAX_VALUE - 1;
    /** A threshold key above every key a value can have: a leaf's, so that a walk stays there. */
    public static final int NEVER_REACHED = Integer.MAX_VALUE;

    private FloatKeys() {
    }

    /**
     * The key of a float other than NaN: the bits of a non-negative float, and those of a negative
     * one with all but the sign flipped. {@code -0.0} is first made {@code +0.0} (adding {@code +0.0}
     * does it), as the two compare equal. Every key lies strictly between {@link #BELOW_ALL} and
     * {@link #ABOVE_ALL}.
     */
    public static int of(float f) {
        int bits = Float.floatToRawIntBits(f + 0.0f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /** 1 if {@code key > threshold}, else 0, without a branch. */
    public static int above(int key, int threshold) {
        return (int) (((long) threshold - key) >>> 63);
    }
}
