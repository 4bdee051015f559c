package io.grove.scoring;

import java.util.Arrays;

/**
 * Trees of at most {@value #MAX_LEAVES} leaves laid out for QuickScorer (Lucchese et al., "QuickScorer:
 * a fast algorithm to rank documents with additive ensembles of regression trees", SIGIR 2015): a
 * single row finds its leaf in every tree at once, with no walk. A tree's leaves are numbered left to
 * right, one bit each of a {@code long}; a split the row fails (its value is above the split's
 * threshold, so it goes right) rules out the leaves of its left subtree. The leaf the row reaches is
 * the leftmost one no failed split ruled out. With each feature's splits sorted by threshold, the
 * splits a present value fails are the list's first ones, up to the first it passes: the row reads
 * each feature's list only that far, and mispredicts one branch a feature, where a walk waits for
 * each step's load before the next.
 *
 * <p>Why: the level walk of {@link LevelWalks}' packing, eight trees at a time, still takes about
 * seven cycles a step; here a failed split costs one {@code or}, independent of the others. On the
 * fixtures' models, one row, together with the XGBoost and LightGBM scorers' single sums kept in a
 * register (JMH, alternating runs, 2026-12-06): LightGBM 100 trees of 15 leaves
 * 2.56–2.58 -> 1.37–1.39 µs, XGBoost breast cancer 1.82–2.05 -> 0.94–0.99 µs, ONNX Iris forest
 * 1.26–1.52 -> 0.87–0.90 µs; 31-leaf trees on 30 features (the histogram gradient boosting model)
 * about even.
 *
 * <p>Where a feature's threshold keys are dense (LightGBM's are ranks among the feature's
 * thresholds), where a present value's failed prefix ends is read from a table indexed by its key,
 * and the prefix is then read with no comparison: LightGBM's 100 trees of 15 leaves on 10 features,
 * one row, 1.14–1.22 -> 0.96–1.02 µs (JMH, alternating runs, 2026-12-07). For float keys, spread
 * over the whole int range, a branch-free binary search for the same end was measured as a wash
 * (ONNX Iris forest 0.56 -> 0.50 µs, the histogram gradient boosting model 1.67 -> 1.90 µs), so they
 * keep the comparison a split.
 *
 * <p>A split's slot, key and comparison are {@link LevelWalks}': it reads the row's key at its slot
 * (its feature, or the feature plus the width when a missing value goes right) and goes right when
 * that key is {@link FloatKeys#above} its threshold's. A present value has one key in both slots; a
 * missing one two, and its feature's splits are then read one by one. Immutable and thread-safe.
 */
final class QuickScorerTrees {

    /** The most leaves a tree may have: one bit each of a {@code long}. */
    static final int MAX_LEAVES = 64;

    private final int width;
    /** Where each feature's splits begin in the arrays below; feature {@code f}'s end where {@code f + 1}'s begin. */
    private final int[] featureStart;
    /** Each split's threshold key, ascending within its feature. */
    private final int[] threshold;
    /** Whether a split reads the second half of a row's keys (a missing value goes right). */
    private final boolean[] missingRight;
    /** Each split's tree, by its place in this layout. */
    private final int[] tree;
    /** Each split's left subtree's leaves, the bits it rules out when it fails. */
    private final long[] leftLeaves;
    /** Each tree's first answer in {@link #answers}; its answers, one per leaf, left to right. */
    private final int[] answerBase;
    private final int[] answers;
    /** Where each tree's answer goes. */
    private final int[] into;
    /**
     * For a feature whose threshold keys are dense (ranks, as LightGBM's are), its lowest threshold
     * key and where its {@link #failedEnd} entries begin; -1 where they are not dense.
     */
    private final int[] lowestKey;
    private final int[] failedBase;
    /**
     * For each key {@code k} of a dense feature from its lowest threshold key plus one to its highest,
     * at {@code failedBase + k - lowestKey}, where the splits a present value of key {@code k} fails
     * end: found by one read rather than a comparison a split.
     */
    private final int[] failedEnd;

    private QuickScorerTrees(int width, int[] featureStart, int[] threshold, boolean[] missingRight, int[] tree,
            long[] leftLeaves, int[] answerBase, int[] answers, int[] into) {
        this.width = width;
        this.featureStart = featureStart;
        this.threshold = threshold;
        this.missingRight = missingRight;
        this.tree = tree;
        this.leftLeaves = leftLeaves;
        this.answerBase = answerBase;
        this.answers = answers;
        this.into = into;
        lowestKey = new int[width];
        failedBase = new int[width];
        int size = 0;
        for (int f = 0; f < width; f++) {
            int start = featureStart[f];
            int end = featureStart[f + 1];
            long span = start == end ? 0 : (long) threshold[end - 1] - threshold[start];
            boolean dense = start < end && span <= 2L * (end - start) + 16;
            lowestKey[f] = dense ? threshold[start] : 0;
            failedBase[f] = dense ? size : -1;
            size += dense ? (int) span + 1 : 0;
        }
        failedEnd = new int[size];
        for (int f = 0; f < width; f++) {
            if (failedBase[f] < 0) {
                continue;
            }
            int i = featureStart[f];
            int end = featureStart[f + 1];
            for (int k = 0; k <= threshold[end - 1] - lowestKey[f]; k++) {
                while (i < end && threshold[i] < lowestKey[f] + k) {
                    i++;
                }
                failedEnd[failedBase[f] + k] = i;
            }
        }
    }

    /** Whether a tree of {@code leaves} leaves is laid out so. */
    static boolean fits(int leaves) {
        return leaves >= 1 && leaves <= MAX_LEAVES;
    }

    /**
     * Lays out trees packed as {@link LevelWalks} packs them for rows of {@code width} values.
     *
     * @param roots the trees' roots in {@code packed}; each tree must {@link #fits}
     * @param into  where each tree's answer goes
     */
    static QuickScorerTrees of(int[] packed, int width, int[] roots, int[] into) {
        int trees = roots.length;
        int[] answerBase = new int[trees + 1];
        int[] answers = new int[trees * MAX_LEAVES];
        // Splits as found, then placed by feature and threshold; a tree that fits has at most 63.
        int most = trees * (MAX_LEAVES - 1);
        int[] slotOf = new int[most];
        int[] keyOf = new int[most];
        int[] treeOf = new int[most];
        long[] leftOf = new long[most];
        int splits = 0;
        for (int t = 0; t < trees; t++) {
            Tree laidOut = Tree.of(packed, roots[t]);
            if (laidOut == null) {
                throw new IllegalArgumentException("tree " + t + " has more than " + MAX_LEAVES + " leaves");
            }
            System.arraycopy(laidOut.answers, 0, answers, answerBase[t], laidOut.leaves);
            answerBase[t + 1] = answerBase[t] + laidOut.leaves;
            System.arraycopy(laidOut.slot, 0, slotOf, splits, laidOut.splits);
            System.arraycopy(laidOut.key, 0, keyOf, splits, laidOut.splits);
            Arrays.fill(treeOf, splits, splits + laidOut.splits, t);
            System.arraycopy(laidOut.left, 0, leftOf, splits, laidOut.splits);
            splits += laidOut.splits;
        }
        int[] featureStart = new int[width + 1];
        for (int k = 0; k < splits; k++) {
            featureStart[slotOf[k] % width + 1]++;
        }
        for (int f = 0; f < width; f++) {
            featureStart[f + 1] += featureStart[f];
        }
        // Within a feature, by threshold: each split's key above, its number below, sorted as longs.
        long[] order = new long[splits];
        int[] filled = Arrays.copyOf(featureStart, width);
        for (int k = 0; k < splits; k++) {
            order[filled[slotOf[k] % width]++] = (long) keyOf[k] << 32 | k;
        }
        for (int f = 0; f < width; f++) {
            Arrays.sort(order, featureStart[f], featureStart[f + 1]);
        }
        int[] threshold = new int[splits];
        boolean[] missingRight = new boolean[splits];
        int[] tree = new int[splits];
        long[] leftLeaves = new long[splits];
        for (int i = 0; i < splits; i++) {
            int k = (int) order[i];
            threshold[i] = keyOf[k];
            missingRight[i] = slotOf[k] >= width;
            tree[i] = treeOf[k];
            leftLeaves[i] = leftOf[k];
        }
        return new QuickScorerTrees(width, featureStart, threshold, missingRight, tree, leftLeaves, answerBase,
                Arrays.copyOf(answers, answerBase[trees]), into.clone());
    }

    /** The number of trees laid out. */
    int trees() {
        return into.length;
    }

    /** The bytes a row's reads range over: each split's fields, the answers, the dense keys' tables. */
    long bytes() {
        long perSplit = Integer.BYTES * 2 + Long.BYTES + 1;
        return perSplit * threshold.length
                + (long) Integer.BYTES * (answers.length + answerBase.length + failedEnd.length + featureStart.length + 2L * width);
    }

    /**
     * Puts in {@code at[into[i]]} the answer of the leaf the row reaches in tree {@code i}.
     *
     * @param keys the row's {@code 2 * width} keys, as {@link LevelWalks#keys} writes them for one row
     */
    void leaves(int[] keys, int[] at) {
        long[] ruledOut = ruledOut(keys);
        for (int t = 0; t < ruledOut.length; t++) {
            at[into[t]] = answer(t, ruledOut);
        }
    }

    /**
     * The sum, from {@code start}, of {@code value} at each tree's answer for the row, tree by tree
     * in this layout's order: while one addition waits for the one before, the next tree's leaf is
     * found, where {@link #leaves} finds them all before the caller adds any.
     */
    double sum(int[] keys, double[] value, double start) {
        long[] ruledOut = ruledOut(keys);
        double s = start;
        for (int t = 0; t < ruledOut.length; t++) {
            s += value[answer(t, ruledOut)];
        }
        return s;
    }

    /** {@link #sum} in float32, as XGBoost adds. */
    float sum(int[] keys, float[] value, float start) {
        long[] ruledOut = ruledOut(keys);
        float s = start;
        for (int t = 0; t < ruledOut.length; t++) {
            s += value[answer(t, ruledOut)];
        }
        return s;
    }

    /**
     * {@link #sum} of four float32 lanes at once: lane {@code k} of answer {@code a} at {@code lanes[4
     * * a + k]}, each lane's sum from {@code sums[k]} into {@code sums[k]}; returns the OR of {@code
     * given} at each tree's answer.
     */
    int sumLanes(int[] keys, float[] lanes, int[] given, float[] sums) {
        long[] ruledOut = ruledOut(keys);
        float s0 = sums[0], s1 = sums[1], s2 = sums[2], s3 = sums[3];
        int mask = 0;
        for (int t = 0; t < ruledOut.length; t++) {
            int answer = answer(t, ruledOut);
            int at = 4 * answer;
            s0 += lanes[at];
            s1 += lanes[at + 1];
            s2 += lanes[at + 2];
            s3 += lanes[at + 3];
            mask |= given[answer];
        }
        sums[0] = s0;
        sums[1] = s1;
        sums[2] = s2;
        sums[3] = s3;
        return mask;
    }

    /** Tree {@code t}'s answer: its leftmost leaf that no failed split ruled out. */
    private int answer(int t, long[] ruledOut) {
        return answers[answerBase[t] + Long.numberOfTrailingZeros(~ruledOut[t])];
    }

    /** Each tree's leaves that the row's failed splits rule out. */
    private long[] ruledOut(int[] keys) {
        long[] ruledOut = new long[into.length];
        for (int f = 0; f < width; f++) {
            int i = featureStart[f];
            int end = featureStart[f + 1];
            int key = keys[f];
            if (key == keys[f + width]) {
                // A value present: the splits it fails are those below it, the list's first ones.
                int base = failedBase[f];
                if (base >= 0) {
                    int stop = key <= lowestKey[f] ? i : key > threshold[end - 1] ? end
                            : failedEnd[base + key - lowestKey[f]];
                    for (; i < stop; i++) {
                        ruledOut[tree[i]] |= leftLeaves[i];
                    }
                    continue;
                }
                for (; i < end && threshold[i] < key; i++) {
                    ruledOut[tree[i]] |= leftLeaves[i];
                }
            } else {
                for (; i < end; i++) {
                    if ((missingRight[i] ? keys[f + width] : key) > threshold[i]) {
                        ruledOut[tree[i]] |= leftLeaves[i];
                    }
                }
            }
        }
        return ruledOut;
    }

    /**
     * One tree's leaves, left to right, and its splits with the leaves of each one's left subtree,
     * found depth first from its root with a stack of the tree's own size, not the JVM's.
     */
    private static final class Tree {

        int leaves;
        final int[] answers = new int[MAX_LEAVES];
        int splits;
        final int[] slot = new int[MAX_LEAVES - 1];
        final int[] key = new int[MAX_LEAVES - 1];
        final long[] left = new long[MAX_LEAVES - 1];

        /** The tree below {@code root}, or null when it has more than {@value #MAX_LEAVES} leaves. */
        static Tree of(int[] packed, int root) {
            // Depth first, left before right, so leaves are met left to right: a split's left
            // subtree holds the leaves met from the split until its right child, which carries on
            // the stack the split it is the right child of.
            Tree tree = new Tree();
            int[] stack = new int[MAX_LEAVES + 1];
            int[] rightOf = new int[MAX_LEAVES + 1];
            int top = 0;
            stack[top] = root;
            rightOf[top++] = -1;
            while (top > 0) {
                int p = stack[--top];
                int parent = rightOf[top];
                if (parent >= 0) {
                    int lo = (int) tree.left[parent];
                    tree.left[parent] = ((1L << (tree.leaves - lo)) - 1) << lo;
                }
                if (packed[p] == FloatKeys.NEVER_REACHED) {
                    tree.answers[tree.leaves++] = packed[p + 3];
                    continue;
                }
                if (tree.splits == MAX_LEAVES - 1) {
                    return null;  // a 64th split: more leaves than bits
                }
                int k = tree.splits++;
                tree.slot[k] = packed[p + 1];
                tree.key[k] = packed[p];
                tree.left[k] = tree.leaves;  // the first leaf of its left subtree, until its right child is met
                stack[top] = packed[p + 2] + 4;
                rightOf[top++] = k;
                stack[top] = packed[p + 2];
                rightOf[top++] = -1;
            }
            return tree;
        }
    }
}
