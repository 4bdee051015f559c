package io.grove.scoring;

/**
 * Walks a block of rows through one tree level by level, with no branch that depends on the data:
 * the kernel the compiled evaluators' batches share. A mispredicted branch per split is most of
 * what a tree walk costs otherwise.
 *
 * <p>A row's keys are {@code 2 * width} ints: its values as {@link FloatKeys} keys, a missing value
 * (NaN) lowest, then the same with a missing value highest; a block of rows holds them row after
 * row. The tree is packed 4 ints per node, at position {@code p} (a multiple of 4): {@code [p]} the
 * threshold as a {@link FloatKeys} key, {@code [p + 1]} where the node's value sits in a row of
 * keys (its feature, plus {@code width} when a missing value must go to the second child, so that
 * the layout does not depend on the block), {@code [p + 2]} the position of the child a value at or
 * below the threshold goes to (the
 * other child's is 4 more), {@code [p + 3]} what the caller wants back for the node (its index, say).
 * A step goes to the second child when the row's key is above the threshold key; a leaf is its own
 * first child with {@link FloatKeys#NEVER_REACHED}, so a row that reached its leaf early stays there.
 * Stateless.
 */
public final class LevelWalks {

    /** Rows a block holds at least, and at most. */
    private static final int MIN_BLOCK = 64, MAX_BLOCK = 1024;
    /** What a block's keys may take: about a core's share of a server's level-2 cache. */
    private static final int BLOCK_KEY_BYTES = 512 * 1024;
    /**
     * The deepest tree walked level by level; a deeper one is walked node by node, as a walk level by
     * level makes every row take as many steps as the tree's deepest path.
     */
    public static final int MAX_DEPTH = 24;

    private LevelWalks() {
    }

    /**
     * Rows to walk together through each tree when the rows have {@code width} values: as many as
     * keep a block's keys within {@value #BLOCK_KEY_BYTES} bytes, between {@value #MIN_BLOCK} and
     * {@value #MAX_BLOCK}. The more rows walk a tree before the next, the fewer times a large
     * ensemble's tree is fetched from memory: on the 500-tree forest of depth 10 over 50 features
     * (JMH), a 1,000-row batch took 79 µs a row in blocks of 64, 41 in blocks of 320 and 28 in one block.
     */
    public static int block(int width) {
        long rows = BLOCK_KEY_BYTES / (8L * Math.max(width, 1));
        return (int) Math.max(MIN_BLOCK, Math.min(MAX_BLOCK, rows));
    }

    /**
     * Puts rows {@code begin .. begin + n} into a block of keys, row {@code k}'s at
     * {@code 2 * width * k}, each value cast to float32 as the walks compare it.
     *
     * @param keys at least {@code 2 * n * width} ints
     */
    public static void keys(double[][] rows, int begin, int n, int width, int[] keys) {
        for (int k = 0; k < n; k++) {
            keys(rows[begin + k], width, keys, 2 * width * k);
        }
    }

    /** Puts one row's {@code 2 * width} keys into {@code keys} from {@code at}. */
    public static void keys(double[] row, int width, int[] keys, int at) {
        for (int j = 0; j < width; j++) {
            keys[at + j] = low(row[j]);
            keys[at + width + j] = high(row[j]);
        }
    }

    /**
     * Puts in {@code at[k]} the {@code [p + 3]} of the node row {@code k} of the block reaches after
     * {@code levels} steps from {@code root}.
     *
     * @param keys  the block's keys, as {@link #keys} writes them
     * @param n     the rows in the block
     */
    public static void leaves(int[] packed, int root, int levels, int[] keys, int width, int n, int[] at) {
        int stride = 2 * width;
        int k = 0;
        // Four rows at a time, their positions in locals: four independent chains of loads for the CPU to overlap.
        for (; k + 4 <= n; k += 4) {
            int p0 = root;
            int p1 = root;
            int p2 = root;
            int p3 = root;
            int k0 = k * stride;
            int k1 = k0 + stride;
            int k2 = k1 + stride;
            int k3 = k2 + stride;
            for (int level = levels; level > 0; level--) {
                p0 = step(packed, p0, keys, k0);
                p1 = step(packed, p1, keys, k1);
                p2 = step(packed, p2, keys, k2);
                p3 = step(packed, p3, keys, k3);
            }
            at[k] = packed[p0 + 3];
            at[k + 1] = packed[p1 + 3];
            at[k + 2] = packed[p2 + 3];
            at[k + 3] = packed[p3 + 3];
        }
        for (; k < n; k++) {
            int p = root;
            for (int level = levels; level > 0; level--) {
                p = step(packed, p, keys, k * stride);
            }
            at[k] = packed[p + 3];
        }
    }

    /** A value's key cast to float32, a missing value (NaN) lowest. */
    private static int low(double value) {
        float v = (float) value;
        return v != v ? FloatKeys.BELOW_ALL : FloatKeys.of(v);
    }

    /** A value's key cast to float32, a missing value (NaN) highest. */
    private static int high(double value) {
        float v = (float) value;
        return v != v ? FloatKeys.ABOVE_ALL : FloatKeys.of(v);
    }

    /**
     * Whether a tree of {@code depth} with {@code leaves} leaves is shallow enough to walk level by
     * level: at most {@value #MAX_DEPTH} deep, and at most twice as deep as a balanced tree of as many
     * leaves, plus two. Every row then takes
     * the deepest path's steps, but with no mispredicted branch, and a single row walks eight trees
     * at once; a deep sparse tree (a chain of splits) would make every row take far more steps than
     * its own path.
     */
    public static boolean shallowEnough(int leaves, int depth) {
        int balanced = 32 - Integer.numberOfLeadingZeros(Math.max(leaves - 1, 0));
        return depth <= MAX_DEPTH && depth <= 2 * balanced + 2;
    }

    /**
     * Puts in {@code at[into[i]]} the {@code [p + 3]} of the node one row reaches in the tree whose
     * root is at {@code roots[i]}, after {@code levels[i]} steps: the walk of a single row, eight trees
     * at a time so that the CPU overlaps their chains of loads (eight measured 1.45x faster than four
     * on a 500-tree forest of depth 10). A group of eight takes its deepest tree's steps; a tree that
     * reached its leaf stays there.
     *
     * @param keys the row's keys, as {@link #keys} writes them for one row
     */
    public static void leavesOfOneRow(int[] packed, int[] roots, int[] levels, int[] keys, int[] into, int[] at) {
        int trees = roots.length;
        int i = 0;
        for (; i + 8 <= trees; i += 8) {
            int p0 = roots[i], p1 = roots[i + 1], p2 = roots[i + 2], p3 = roots[i + 3];
            int p4 = roots[i + 4], p5 = roots[i + 5], p6 = roots[i + 6], p7 = roots[i + 7];
            int deepest = levels[i];
            for (int j = i + 1; j < i + 8; j++) {
                deepest = Math.max(deepest, levels[j]);
            }
            for (int level = deepest; level > 0; level--) {
                p0 = step(packed, p0, keys, 0);
                p1 = step(packed, p1, keys, 0);
                p2 = step(packed, p2, keys, 0);
                p3 = step(packed, p3, keys, 0);
                p4 = step(packed, p4, keys, 0);
                p5 = step(packed, p5, keys, 0);
                p6 = step(packed, p6, keys, 0);
                p7 = step(packed, p7, keys, 0);
            }
            at[into[i]] = packed[p0 + 3];
            at[into[i + 1]] = packed[p1 + 3];
            at[into[i + 2]] = packed[p2 + 3];
            at[into[i + 3]] = packed[p3 + 3];
            at[into[i + 4]] = packed[p4 + 3];
            at[into[i + 5]] = packed[p5 + 3];
            at[into[i + 6]] = packed[p6 + 3];
            at[into[i + 7]] = packed[p7 + 3];
        }
        for (; i < trees; i++) {
            int p = roots[i];
            for (int level = levels[i]; level > 0; level--) {
                p = step(packed, p, keys, 0);
            }
            at[into[i]] = packed[p + 3];
        }
    }

    /** One level down from the node at {@code p}, for the row whose keys start at {@code row}. */
    public static int step(int[] packed, int p, int[] keys, int row) {
        return packed[p + 2] + 4 * FloatKeys.above(keys[row + packed[p + 1]], packed[p]);
    }
}
