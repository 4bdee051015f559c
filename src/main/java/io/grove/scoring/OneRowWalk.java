package io.grove.scoring;

import java.util.Arrays;

/**
 * The trees of an ensemble whose leaf a single row finds without a node-by-node walk, and how, from
 * the trees the batch's packing holds: those of at most 64 leaves, however deep, and lone leaves,
 * are laid out for {@link QuickScorerTrees}; of the rest, ordered by depth so that eight walked
 * together take the same steps, those that {@link CompactTrees#fits} are walked over {@link
 * CompactTrees}, and those {@link LevelWalks#shallowEnough} over the packing itself ({@link
 * LevelWalks#leavesOfOneRow}). The other trees are left to the format's node-by-node walk; a caller
 * sums the leaves in its own order, so the sums do not change. QuickScorer takes a small tree whatever
 * its depth: the ONNX histogram gradient boosting model's 31-leaf trees, some too deep for the level
 * walk, one row 1.62 -> 1.26–1.29 µs (JMH, alternating runs, 2026-12-07). Immutable and thread-safe.
 */
public final class OneRowWalk {

    /**
     * The most bytes of QuickScorer layout that a batch reads row after row ({@link
     * #scoresBatchesRowByRow}): half the smallest level-2 cache a core had on the machines measured
     * (512 KiB), so that the layout stays there from one row to the next.
     */
    static final long ROW_BY_ROW_BYTES = 256 * 1024;

    private final int width;
    /** The trees as {@link LevelWalks} walks them, shared with the batch walk. */
    private final int[] packed;
    /** For each tree its place among the walked trees, or -1. */
    private final int[] place;
    /** The walked trees left in {@code packed}, by place, and their roots and depths. */
    private final int[] trees;
    private final int[] roots;
    private final int[] depths;
    /** The walked trees laid out compactly, or null when none is. */
    private final CompactTrees compact;
    /** The walked trees laid out for QuickScorer, in tree order, or null when none is. */
    private final QuickScorerTrees quick;
    /** Whether {@link #quick} holds every tree. */
    private final boolean sumsAll;

    /**
     * For an ensemble whose every tree {@code packed} holds.
     *
     * @param packed the trees as {@link LevelWalks} walks rows of {@code width} values; not copied
     * @param roots  each tree's root position in {@code packed}
     * @param depths each tree's depth
     */
    public OneRowWalk(int[] packed, int width, int[] roots, int[] depths) {
        this(packed, width, roots, depths, every(roots.length));
    }

    private static boolean[] every(int trees) {
        boolean[] every = new boolean[trees];
        Arrays.fill(every, true);
        return every;
    }

    /**
     * @param packed the trees as {@link LevelWalks} walks rows of {@code width} values; not copied
     * @param roots  each tree's root position in {@code packed}
     * @param depths each tree's depth
     * @param inPacking which trees {@code packed} holds
     */
    public OneRowWalk(int[] packed, int width, int[] roots, int[] depths, boolean[] inPacking) {
        this.width = width;
        this.packed = packed;
        place = new int[roots.length];
        Arrays.fill(place, -1);
        int[] leavesOf = new int[roots.length];
        // By depth, tree order within a depth: a sort, as a file may make a tree of any depth.
        long[] byDepth = new long[roots.length];
        int next = 0;
        for (int t = 0; t < roots.length; t++) {
            if (!inPacking[t]) {
                continue;
            }
            leavesOf[t] = CompactTrees.leaves(packed, roots[t]);
            if (QuickScorerTrees.fits(leavesOf[t]) || CompactTrees.fits(leavesOf[t], depths[t])
                    || depths[t] >= 1 && LevelWalks.shallowEnough(leavesOf[t], depths[t])) {
                byDepth[next++] = (long) depths[t] << 32 | t;
            }
        }
        Arrays.sort(byDepth, 0, next);
        int[] placed = new int[next];
        for (int k = 0; k < next; k++) {
            placed[k] = (int) byDepth[k];
            place[placed[k]] = k;
        }
        boolean[] quick = new boolean[next];
        boolean[] compact = new boolean[next];
        for (int k = 0; k < next; k++) {
            int t = placed[k];
            quick[k] = QuickScorerTrees.fits(leavesOf[t]);
            compact[k] = !quick[k] && CompactTrees.fits(leavesOf[t], depths[t]);
        }
        // In tree order, so that when they are all the trees sum adds in a caller's order.
        int[] quickTrees = select(placed, quick, null);
        Arrays.sort(quickTrees);
        int[] quickRoots = new int[quickTrees.length];
        for (int k = 0; k < quickTrees.length; k++) {
            quickRoots[k] = roots[quickTrees[k]];
        }
        this.quick = quickTrees.length == 0 ? null : QuickScorerTrees.of(packed, width, quickRoots, quickTrees);
        sumsAll = quickTrees.length > 0 && quickTrees.length == roots.length;
        CompactTrees laidOut = count(compact) == 0 ? null : CompactTrees.of(packed, width,
                select(placed, compact, roots), select(placed, compact, depths), select(placed, compact, null));
        if (laidOut == null) {
            Arrays.fill(compact, false);
        }
        this.compact = laidOut;
        boolean[] left = new boolean[next];
        for (int k = 0; k < next; k++) {
            left[k] = !quick[k] && !compact[k];
        }
        this.trees = select(placed, left, null);
        this.roots = select(placed, left, roots);
        this.depths = select(placed, left, depths);
    }

    private static int count(boolean[] chosen) {
        int n = 0;
        for (boolean c : chosen) {
            n += c ? 1 : 0;
        }
        return n;
    }

    /** For each placed tree {@code chosen}, in place order, its {@code of} entry (or the tree). */
    private static int[] select(int[] placed, boolean[] chosen, int[] of) {
        int[] out = new int[placed.length];
        int n = 0;
        for (int k = 0; k < placed.length; k++) {
            if (chosen[k]) {
                out[n++] = of == null ? placed[k] : of[placed[k]];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Whether any tree is walked so. */
    public boolean walksAny() {
        return roots.length > 0 || compact != null || quick != null;
    }

    /** Whether tree {@code tree} is walked so. */
    public boolean walks(int tree) {
        return place[tree] >= 0;
    }

    /** Whether {@link #sum} serves: every tree is laid out for QuickScorer. */
    public boolean sumsAll() {
        return sumsAll;
    }

    /**
     * Whether a batch is scored faster row by row through {@link #sum} or {@link #sumLanes} than in
     * blocks of rows walked level by level: every tree is laid out for QuickScorer, in at most
     * {@value #ROW_BY_ROW_BYTES} bytes, so that each row reads the layout from the core's cache. On
     * the fixtures' 1,000-row batches, in blocks against row by row (JMH, alternating runs,
     * 2026-12-07): XGBoost diabetes 1.86 against 1.05 ms, LightGBM's 100 trees of 15 leaves 2.61
     * against 1.37–1.50 ms, the ONNX Iris forest 1.48 against 0.40–0.46 µs a row. Blocks keep a large
     * ensemble's trees fetched once per block rather than once per row, as a layout beyond the
     * cache would be.
     */
    public boolean scoresBatchesRowByRow() {
        return sumsAll && quick.bytes() <= ROW_BY_ROW_BYTES;
    }

    /**
     * Where {@link #sumsAll}: the sum, from {@code start}, of {@code value} at the {@code [p + 3]}
     * of the leaf each tree sends the row to, tree by tree, in double: the same additions, in the
     * same order, as a caller's over {@link #leavesOfKeys}, each leaf found while the addition
     * before it waits.
     *
     * @param keys the row's {@code 2 * width} keys, as the format makes them ({@link #leavesOfKeys})
     */
    public double sumOfKeys(int[] keys, double[] value, double start) {
        return quick.sum(keys, value, start);
    }

    /** {@link #sumOfKeys} in float32, for a row keyed as {@link #leaves} keys it. */
    public float sum(double[] row, float[] value, float start) {
        return quick.sum(keysOf(row), value, start);
    }

    /**
     * Where {@link #sumsAll}: {@link #sum} of four float32 lanes at once, lane {@code k} of leaf
     * {@code [p + 3] == a} at {@code lanes[4 * a + k]}, into {@code sums[k]}, tree by tree from what
     * {@code sums[k]} holds; returns the OR of {@code given} at each leaf.
     */
    public int sumLanes(double[] row, float[] lanes, int[] given, float[] sums) {
        return quick.sumLanes(keysOf(row), lanes, given, sums);
    }

    /** A row's {@code 2 * width} keys, as {@link LevelWalks#keys} makes them. */
    private int[] keysOf(double[] row) {
        int[] keys = new int[2 * width];
        LevelWalks.keys(row, width, keys, 0);
        return keys;
    }

    /** How many of the walked trees each layout takes: QuickScorer's, the compact one, the packing. */
    int[] layoutSizes() {
        return new int[] {quick == null ? 0 : quick.trees(), compact == null ? 0 : compact.trees(), trees.length};
    }

    /**
     * Puts in {@code at[t]}, for each tree {@code t} that {@link #walks}, the {@code [p + 3]} of the
     * leaf it sends {@code row} to; the other entries are left as they are.
     */
    public void leaves(double[] row, int[] at) {
        leavesOfKeys(keysOf(row), at);
    }

    /**
     * As {@link #leaves}, for a row whose {@code 2 * width} keys the caller made: a format whose
     * splits compare doubles keys its rows its own way.
     */
    public void leavesOfKeys(int[] keys, int[] at) {
        if (quick != null) {
            quick.leaves(keys, at);
        }
        if (compact != null) {
            compact.leaves(keys, at);
        }
        LevelWalks.leavesOfOneRow(packed, roots, depths, keys, trees, at);
    }
}
