package io.grove.format.onnx;

import io.grove.scoring.OneRowWalk;
import java.util.Arrays;

/**
 * A classifier's leaf weights laid out so that one row's class sums stay in registers: four lanes a
 * node, lane {@code c} holding the weight the leaf gives class {@code c}, and a bit per class the
 * leaf gives one. Where a leaf gives a class none, the lane holds -0.0, which adds nothing ({@code x
 * + -0.0 == x} for every {@code x}, zeros of either sign and NaN included), so each class's sum is
 * the same additions in the same tree order as {@link CompiledTreeEnsemble}'s weight-by-weight one.
 *
 * <p>Only for ensembles of at most four classes whose every leaf gives each class at most one weight
 * (what skl2onnx writes); the weight-by-weight sum, through three arrays and a score array in memory,
 * serves the rest, and ensembles whose kernel accumulates in double (double inputs, which skl2onnx
 * does not write). The sums are float32 additions: the weights are float32 values, and a float
 * addition rounds exactly as the double one rounded to float, as the kernel's is. Immutable and
 * thread-safe.
 */
final class LeafClassWeights {

    static final int LANES = 4;
    /** Nodes beyond which the table (16 bytes a node) is not worth its memory. */
    private static final int MAX_NODES = 1 << 16;

    private final int classes;
    /** Each node's lanes. */
    private final float[] lanes;
    /** Each node's classes that it gives a weight, one bit a class. */
    private final int[] given;

    private LeafClassWeights(int classes, float[] lanes, int[] given) {
        this.classes = classes;
        this.lanes = lanes;
        this.given = given;
    }

    /** The table for {@code t}'s {@code classes}, or {@code null} when the ensemble does not qualify. */
    static LeafClassWeights of(CompiledTreeEnsemble.Trees t, int classes) {
        int nodes = t.mode().length;
        if (classes < 1 || classes > LANES || nodes > MAX_NODES || !t.floatScores()) {
            return null;
        }
        float[] lanes = new float[LANES * nodes];
        Arrays.fill(lanes, -0.0f);
        int[] given = new int[nodes];
        for (int node = 0; node < nodes; node++) {
            for (int k = t.weightStart()[node], end = k + t.weightCount()[node]; k < end; k++) {
                int c = t.weightTarget()[k];
                if (c < 0 || c >= classes || (given[node] & 1 << c) != 0) {
                    return null;
                }
                given[node] |= 1 << c;
                lanes[LANES * node + c] = (float) t.weightValue()[k];
            }
        }
        return new LeafClassWeights(classes, lanes, given);
    }

    /**
     * Puts in {@code s} each class's sum of the weights of {@code leaves} (one leaf a tree, in tree
     * order), and in {@code has} whether some leaf gave that class a weight.
     */
    void sum(int[] leaves, double[] s, boolean[] has) {
        int mask = 0;
        float[] w = lanes;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int leaf : leaves) {
            int at = LANES * leaf;
            s0 += w[at];
            s1 += w[at + 1];
            s2 += w[at + 2];
            s3 += w[at + 3];
            mask |= given[leaf];
        }
        double[] sums = {s0, s1, s2, s3};
        System.arraycopy(sums, 0, s, 0, classes);
        mark(mask, has);
    }

    /** {@link #sum}, each leaf's weights added as {@code walk} finds the leaf ({@link OneRowWalk#sumsAll}). */
    void quickSum(OneRowWalk walk, double[] row, double[] s, boolean[] has) {
        float[] sums = new float[LANES];
        int mask = walk.sumLanes(row, lanes, given, sums);
        for (int c = 0; c < classes; c++) {
            s[c] = sums[c];
        }
        mark(mask, has);
    }

    /** Puts in {@code has} each class's bit of {@code mask}. */
    private void mark(int mask, boolean[] has) {
        for (int c = 0; c < classes; c++) {
            has[c] = (mask & 1 << c) != 0;
        }
    }
}
