package io.grove.scoring;

import java.util.Arrays;

/**
 * Trees laid out for a single row's walk in a quarter of the memory {@link LevelWalks}' packing
 * takes, so that a large ensemble stays in a core's level-2 cache between requests: each tree is a
 * complete binary tree of its depth, stored as an implicit heap (node {@code i}'s children are
 * {@code 2i + 1} and {@code 2i + 2}, so no node holds a child's position), one int a node, its
 * threshold being the threshold's rank among the feature's thresholds. A row's keys are first
 * ranked the same way, which keeps every comparison as it was. A leaf above the tree's last level
 * becomes a chain of nodes that always go to the first child, down to the last level, where it
 * holds the leaf's answer.
 *
 * <p>A node is {@code slot << 16 | rank} in an int, or {@code slot << 8 | rank} in a char where
 * both fit in 8 bits ({@link #narrowed}): {@code slot} where its value sits in a row's
 * {@code 2 * width} keys (as {@link LevelWalks} reads them), {@code rank} the number of the
 * feature's thresholds below its own. A row's ranked key is the number of the feature's thresholds
 * below the row's key, so that it is above a node's rank exactly when the row's key is above the
 * node's threshold. A node that always goes to the first child has {@link #ALWAYS_FIRST}, above
 * every ranked key. Why: on a 1,000-tree LightGBM model of depth 8 a single row walked {@link
 * LevelWalks}' 16-byte nodes, 8 MB, mostly from beyond the core's caches (one row cycled alone
 * took 34 µs, 64 rows in turn 90 µs each); these trees take 1 MB of nodes, and the same 64 rows
 * took 48–60 µs against 108–115 µs (JMH, alternating runs; XGBoost's 1,000 trees 35 against 71 µs).
 * In two-byte nodes, 0.5 MB, 21.2–24.6 against 22.8–25.4 µs, XGBoost's 17.2–21.2 against 24.7–26.5
 * µs (alternating runs, 2026-12-08, on a core of 1 MiB of level-2 cache).
 * Immutable and thread-safe.
 */
final class CompactTrees {

    /** The rank of a node that always goes to the first child; a feature has fewer thresholds. */
    private static final int ALWAYS_FIRST = 0xFFFF;
    /** The deepest tree laid out so; its heap has {@code 2^depth} slots. */
    private static final int MAX_DEPTH = 14;
    /** How many times its own leaves a tree's last level may hold. */
    private static final int MAX_SPREAD = 4;

    private final int width;
    /** Each feature's distinct thresholds, as keys, ascending. */
    private final int[][] thresholds;
    /**
     * The trees' nodes, tree after tree: {@code narrow} when every node fits in 16 bits (see {@link
     * #narrowed}), else {@code wide}, the other null; and their answers (one per slot of the last level).
     */
    private final int[] wide;
    private final char[] narrow;
    private final int[] answers;
    /** Each tree's first node and first answer, the levels it takes, and where its answer goes. */
    private final int[] nodeBase;
    private final int[] answerBase;
    private final int[] levels;
    private final int[] into;

    private CompactTrees(int width, int[][] thresholds, int[] nodes, int[] answers, int[] nodeBase,
            int[] answerBase, int[] levels, int[] into) {
        this.width = width;
        this.thresholds = thresholds;
        this.narrow = narrowed(width, thresholds, nodes);
        this.wide = narrow == null ? nodes : null;
        this.answers = answers;
        this.nodeBase = nodeBase;
        this.answerBase = answerBase;
        this.levels = levels;
        this.into = into;
    }

    /**
     * Whether a tree of {@code depth} levels with {@code leaves} leaves is laid out so: at most
     * {@value #MAX_DEPTH} deep, and its last level at most {@value #MAX_SPREAD} times its leaves.
     */
    static boolean fits(int leaves, int depth) {
        return depth >= 1 && depth <= MAX_DEPTH && (1L << depth) <= (long) MAX_SPREAD * leaves;
    }

    /** The leaves below the node at {@code root} of trees packed as {@link LevelWalks} packs them. */
    static int leaves(int[] packed, int root) {
        int count = 0;
        int[] stack = new int[64];
        int top = 0;
        stack[top++] = root;
        while (top > 0) {
            int p = stack[--top];
            if (packed[p] == FloatKeys.NEVER_REACHED) {
                count++;
            } else {
                if (top + 2 > stack.length) {
                    stack = Arrays.copyOf(stack, 2 * stack.length);
                }
                stack[top++] = packed[p + 2];
                stack[top++] = packed[p + 2] + 4;
            }
        }
        return count;
    }

    /**
     * Lays out trees packed as {@link LevelWalks} packs them, or returns null when a feature has too
     * many thresholds or a row too many keys for a node's 16 bits.
     *
     * @param roots  the trees' roots in {@code packed}, walked in this order, eight at a time
     * @param depths the levels each tree takes; each must {@link #fits}
     * @param into   where each tree's answer goes
     */
    static CompactTrees of(int[] packed, int width, int[] roots, int[] depths, int[] into) {
        if (2L * width > ALWAYS_FIRST + 1) {
            return null;
        }
        int trees = roots.length;
        int[] levels = new int[trees];
        for (int i = 0; i < trees; i += 8) {
            int deepest = 0;
            for (int j = i; j < Math.min(i + 8, trees); j++) {
                deepest = Math.max(deepest, depths[j]);
            }
            // A group of eight is walked together: each of its trees takes the deepest one's levels.
            Arrays.fill(levels, i, Math.min(i + 8, trees), deepest);
        }
        int[][] thresholds = thresholds(packed, width, roots);
        for (int[] t : thresholds) {
            if (t.length >= ALWAYS_FIRST) {
                return null;
            }
        }
        int[] nodeBase = new int[trees];
        int[] answerBase = new int[trees];
        long nodeCount = 0;
        long answerCount = 0;
        for (int i = 0; i < trees; i++) {
            nodeBase[i] = (int) nodeCount;
            answerBase[i] = (int) answerCount;
            nodeCount += (1L << levels[i]) - 1;
            answerCount += 1L << levels[i];
        }
        if (answerCount > Integer.MAX_VALUE - 8) {
            return null;
        }
        int[] nodes = new int[(int) nodeCount];
        int[] answers = new int[(int) answerCount];
        for (int i = 0; i < trees; i++) {
            layOut(packed, width, thresholds, roots[i], levels[i], nodes, nodeBase[i], answers, answerBase[i]);
        }
        return new CompactTrees(width, thresholds, nodes, answers, nodeBase, answerBase, levels, into.clone());
    }

    /** Each feature's distinct split thresholds over the trees, ascending. */
    private static int[][] thresholds(int[] packed, int width, int[] roots) {
        int[][] all = new int[width][8];
        int[] count = new int[width];
        int[] stack = new int[64];
        for (int root : roots) {
            int top = 0;
            stack[top++] = root;
            while (top > 0) {
                int p = stack[--top];
                if (packed[p] == FloatKeys.NEVER_REACHED) {
                    continue;
                }
                int f = packed[p + 1] % width;
                if (count[f] == all[f].length) {
                    all[f] = Arrays.copyOf(all[f], 2 * count[f]);
                }
                all[f][count[f]++] = packed[p];
                if (top + 2 > stack.length) {
                    stack = Arrays.copyOf(stack, 2 * stack.length);
                }
                stack[top++] = packed[p + 2];
                stack[top++] = packed[p + 2] + 4;
            }
        }
        int[][] distinct = new int[width][];
        for (int f = 0; f < width; f++) {
            distinct[f] = Arrays.stream(all[f], 0, count[f]).sorted().distinct().toArray();
        }
        return distinct;
    }

    /** Writes one tree's heap of {@code levels} levels, breadth first. */
    private static void layOut(int[] packed, int width, int[][] thresholds, int root, int levels,
            int[] nodes, int nodeBase, int[] answers, int answerBase) {
        int internal = (1 << levels) - 1;
        int[] at = new int[internal + (1 << levels)];
        at[0] = root;
        for (int i = 0; i < internal; i++) {
            int p = at[i];
            if (packed[p] == FloatKeys.NEVER_REACHED) {
                nodes[nodeBase + i] = ALWAYS_FIRST;
                at[2 * i + 1] = p;
                at[2 * i + 2] = p;
            } else {
                int slot = packed[p + 1];
                int rank = Arrays.binarySearch(thresholds[slot % width], packed[p]);
                nodes[nodeBase + i] = slot << 16 | rank;
                at[2 * i + 1] = packed[p + 2];
                at[2 * i + 2] = packed[p + 2] + 4;
            }
        }
        for (int j = 0; j <= internal; j++) {
            answers[answerBase + j] = packed[at[internal + j] + 3];
        }
    }

    /**
     * The nodes in 16 bits, {@code slot << 8 | rank} ({@link #ALWAYS_FIRST} becoming rank 255), when a
     * row has at most 256 slots and each feature fewer than 255 thresholds (LightGBM's default of
     * 255 bins gives at most 254), else null. Why: half the bytes a row's walk reads, and one more
     * level of each tree in the cache line its root is in.
     */
    private static char[] narrowed(int width, int[][] thresholds, int[] nodes) {
        if (2 * width > 256 || Arrays.stream(thresholds).anyMatch(t -> t.length >= 0xFF)) {
            return null;
        }
        char[] narrow = new char[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            narrow[i] = (char) ((nodes[i] >>> 16) << 8 | Math.min(nodes[i] & 0xFFFF, 0xFF));
        }
        return narrow;
    }

    /** The bytes a node takes: 2 narrow, 4 wide. */
    int nodeBytes() {
        return narrow != null ? Character.BYTES : Integer.BYTES;
    }

    /** The number of trees laid out. */
    int trees() {
        return levels.length;
    }

    /**
     * Puts in {@code at[into[i]]} the answer of the leaf the row reaches in tree {@code i}.
     *
     * @param keys the row's {@code 2 * width} keys, as {@link LevelWalks#keys} writes them for one row
     */
    void leaves(int[] keys, int[] at) {
        int[] ranked = rank(keys);
        // Locals, so that the choice of array is seen to hold for the whole loop, which the JIT then
        // compiles once for each array rather than testing it at every step.
        char[] narrow = this.narrow;
        int[] wide = this.wide;
        // Where a node's slot begins; its rank is the bits below.
        int shift = narrow != null ? 8 : 16;
        int trees = levels.length;
        int i = 0;
        for (; i + 8 <= trees; i += 8) {
            int b0 = nodeBase[i], b1 = nodeBase[i + 1], b2 = nodeBase[i + 2], b3 = nodeBase[i + 3];
            int b4 = nodeBase[i + 4], b5 = nodeBase[i + 5], b6 = nodeBase[i + 6], b7 = nodeBase[i + 7];
            int n0 = 0, n1 = 0, n2 = 0, n3 = 0, n4 = 0, n5 = 0, n6 = 0, n7 = 0;
            int depth = levels[i];
            for (int level = depth; level > 0; level--) {
                n0 = step(narrow != null ? narrow[b0 + n0] : wide[b0 + n0], shift, n0, ranked);
                n1 = step(narrow != null ? narrow[b1 + n1] : wide[b1 + n1], shift, n1, ranked);
                n2 = step(narrow != null ? narrow[b2 + n2] : wide[b2 + n2], shift, n2, ranked);
                n3 = step(narrow != null ? narrow[b3 + n3] : wide[b3 + n3], shift, n3, ranked);
                n4 = step(narrow != null ? narrow[b4 + n4] : wide[b4 + n4], shift, n4, ranked);
                n5 = step(narrow != null ? narrow[b5 + n5] : wide[b5 + n5], shift, n5, ranked);
                n6 = step(narrow != null ? narrow[b6 + n6] : wide[b6 + n6], shift, n6, ranked);
                n7 = step(narrow != null ? narrow[b7 + n7] : wide[b7 + n7], shift, n7, ranked);
            }
            int last = (1 << depth) - 1;
            at[into[i]] = answers[answerBase[i] + n0 - last];
            at[into[i + 1]] = answers[answerBase[i + 1] + n1 - last];
            at[into[i + 2]] = answers[answerBase[i + 2] + n2 - last];
            at[into[i + 3]] = answers[answerBase[i + 3] + n3 - last];
            at[into[i + 4]] = answers[answerBase[i + 4] + n4 - last];
            at[into[i + 5]] = answers[answerBase[i + 5] + n5 - last];
            at[into[i + 6]] = answers[answerBase[i + 6] + n6 - last];
            at[into[i + 7]] = answers[answerBase[i + 7] + n7 - last];
        }
        for (; i < trees; i++) {
            int n = 0;
            int b = nodeBase[i];
            for (int level = levels[i]; level > 0; level--) {
                n = step(narrow != null ? narrow[b + n] : wide[b + n], shift, n, ranked);
            }
            at[into[i]] = answers[answerBase[i] + n - ((1 << levels[i]) - 1)];
        }
    }

    /** One level down from heap node {@code n}, whose packed form is {@code node}, its slot from bit {@code shift}. */
    private static int step(int node, int shift, int n, int[] ranked) {
        return 2 * n + 1 + (((node & ((1 << shift) - 1)) - ranked[node >>> shift]) >>> 31);
    }

    /** The row's keys as ranks: for each, how many of its feature's thresholds lie below it. */
    private int[] rank(int[] keys) {
        int[] ranked = new int[2 * width];
        for (int f = 0; f < width; f++) {
            int[] t = thresholds[f];
            if (t.length == 0) {
                continue;
            }
            ranked[f] = below(t, keys[f]);
            ranked[f + width] = keys[f + width] == keys[f] ? ranked[f] : below(t, keys[f + width]);
        }
        return ranked;
    }

    /** How many of the ascending {@code t} lie below {@code key}. */
    private static int below(int[] t, int key) {
        int low = 0;
        int length = t.length;
        while (length > 0) {
            int half = length >>> 1;
            if (t[low + half] < key) {
                low += half + 1;
                length -= half + 1;
            } else {
                length = half;
            }
        }
        return low;
    }
}
