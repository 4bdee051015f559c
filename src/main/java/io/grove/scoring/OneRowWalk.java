package io.grove.scoring;

import java.util.Arrays;

/**
 * The trees of an ensemble that a single row walks level by level, eight at a time
 * ({@link LevelWalks#leavesOfOneRow}), and how: the trees a batch walks so, less the lone leaves,
 * ordered by depth so that eight walked together take the same steps; those that {@link
 * CompactTrees#fits} are walked over {@link CompactTrees}, the rest over the batch's packing. The other trees are left to
 * the format's node-by-node walk; a caller sums the leaves in its own order, so the sums do not change.
 * Immutable and thread-safe.
 */
public final class OneRowWalk {

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

    /**
     * @param packed the trees as {@link LevelWalks} walks rows of {@code width} values; not copied
     * @param roots  each tree's root position in {@code packed}
     * @param depths each tree's depth
     * @param walked which trees to walk level by level (a lone leaf never is)
     */
    public OneRowWalk(int[] packed, int width, int[] roots, int[] depths, boolean[] walked) {
        this.width = width;
        this.packed = packed;
        place = new int[roots.length];
        Arrays.fill(place, -1);
        int next = 0;
        int deepest = Arrays.stream(depths).max().orElse(0);
        for (int d = 1; d <= deepest; d++) {
            for (int t = 0; t < roots.length; t++) {
                if (walked[t] && depths[t] == d) {
                    place[t] = next++;
                }
            }
        }
        int[] placed = new int[next];
        for (int t = 0; t < roots.length; t++) {
            if (place[t] >= 0) {
                placed[place[t]] = t;
            }
        }
        boolean[] fits = new boolean[next];
        int fitting = 0;
        for (int k = 0; k < next; k++) {
            int t = placed[k];
            fits[k] = CompactTrees.fits(CompactTrees.leaves(packed, roots[t]), depths[t]);
            fitting += fits[k] ? 1 : 0;
        }
        CompactTrees laidOut = fitting == 0 ? null : CompactTrees.of(packed, width,
                select(placed, fits, true, roots), select(placed, fits, true, depths), select(placed, fits, true, null));
        if (laidOut == null) {
            Arrays.fill(fits, false);
        }
        this.compact = laidOut;
        this.trees = select(placed, fits, false, null);
        this.roots = select(placed, fits, false, roots);
        this.depths = select(placed, fits, false, depths);
    }

    /** For each placed tree whose {@code fits} is {@code wanted}, in place order, its {@code of} entry (or the tree). */
    private static int[] select(int[] placed, boolean[] fits, boolean wanted, int[] of) {
        int[] out = new int[placed.length];
        int n = 0;
        for (int k = 0; k < placed.length; k++) {
            if (fits[k] == wanted) {
                out[n++] = of == null ? placed[k] : of[placed[k]];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Whether any tree is walked so. */
    public boolean walksAny() {
        return roots.length > 0 || compact != null;
    }

    /** Whether tree {@code tree} is walked so. */
    public boolean walks(int tree) {
        return place[tree] >= 0;
    }

    /**
     * Puts in {@code at[t]}, for each tree {@code t} that {@link #walks}, the {@code [p + 3]} of the
     * leaf it sends {@code row} to; the other entries are left as they are.
     */
    public void leaves(double[] row, int[] at) {
        int[] keys = new int[2 * width];
        LevelWalks.keys(row, width, keys, 0);
        leavesOfKeys(keys, at);
    }

    /**
     * As {@link #leaves}, for a row whose {@code 2 * width} keys the caller made: a format whose
     * splits compare doubles keys its rows its own way.
     */
    public void leavesOfKeys(int[] keys, int[] at) {
        if (compact != null) {
            compact.leaves(keys, at);
        }
        LevelWalks.leavesOfOneRow(packed, roots, depths, keys, trees, at);
    }
}
