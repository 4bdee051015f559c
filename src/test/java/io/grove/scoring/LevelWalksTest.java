package io.grove.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The level walks must reach the leaf a plain walk from the root reaches, for a single row (over
 * {@link LevelWalks}' packing, over {@link CompactTrees} and through {@link QuickScorerTrees}) and for a block, whatever the number of
 * trees or rows against the groups they are walked in, and whatever the depths within a group.
 */
class LevelWalksTest {

    private static final int WIDTH = 5;

    @Test
    void aSingleRowReachesInEveryTreeTheLeafAPlainWalkReaches() {
        SplittableRandom random = new SplittableRandom(16);
        for (int trees = 0; trees <= 27; trees++) {
            for (int f = 0; f < 20; f++) {
                Forest forest = Forest.random(random, trees);
                for (int r = 0; r < 20; r++) {
                    assertOneRowWalk(forest, row(random));
                }
            }
        }
    }

    private static void assertOneRowWalk(Forest forest, double[] row) {
        int trees = forest.roots().length;
        int[] keys = new int[2 * WIDTH];
        LevelWalks.keys(row, WIDTH, keys, 0);
        int[] into = new int[trees];
        for (int i = 0; i < trees; i++) {
            into[i] = trees - 1 - i; // reversed, so that a wrong slot shows
        }
        int[] at = new int[trees];
        LevelWalks.leavesOfOneRow(forest.packed(), forest.roots(), forest.levels(), keys, into, at);
        for (int i = 0; i < trees; i++) {
            assertThat(at[into[i]]).as("%d trees, tree %d", trees, i).isEqualTo(forest.plainWalk(i, row));
        }
    }

    @Test
    void aSingleRowReachesThroughEachLayoutOfTheOneRowWalkTheLeafAPlainWalkReaches() {
        SplittableRandom random = new SplittableRandom(18);
        int[] laidOut = new int[3];
        for (int trees = 1; trees <= 27; trees++) {
            for (int f = 0; f < 20; f++) {
                // Up to ten levels, so that some trees have more leaves than QuickScorer's 64.
                Forest forest = Forest.random(random, trees, 10, 4);
                int[] depths = forest.levels();
                boolean[] walked = new boolean[trees];
                for (int i = 0; i < trees; i++) {
                    walked[i] = depths[i] > 0;
                }
                OneRowWalk walk = new OneRowWalk(forest.packed(), WIDTH, forest.roots(), depths, walked);
                int[] sizes = walk.layoutSizes();
                for (int k = 0; k < 3; k++) {
                    laidOut[k] += sizes[k];
                }
                for (int r = 0; r < 20; r++) {
                    assertReachesWhatAPlainWalkReaches(forest, walk, walked, row(random));
                }
            }
        }
        // Every layout was walked, many times each: QuickScorer's, the compact one and the packing.
        assertThat(Arrays.stream(laidOut).min().orElseThrow()).as(Arrays.toString(laidOut)).isGreaterThan(200);
    }

    /**
     * Dense threshold keys (ranks, as LightGBM's are; here -4 to 4) let QuickScorer find where a
     * present value's failed splits end by one read: rows on, between and beyond the thresholds, and
     * missing, reach through it the leaf a plain walk reaches.
     */
    @Test
    void aRowKeyedByRankReachesThroughQuickScorerTheLeafAPlainWalkReaches() {
        SplittableRandom random = new SplittableRandom(19);
        for (int trees = 1; trees <= 27; trees++) {
            Forest forest = Forest.random(random, trees, 6, 4, true);
            int[] depths = forest.levels();
            boolean[] walked = new boolean[trees];
            for (int i = 0; i < trees; i++) {
                walked[i] = depths[i] > 0;
            }
            OneRowWalk walk = new OneRowWalk(forest.packed(), WIDTH, forest.roots(), depths, walked);
            assertThat(walk.layoutSizes()[0]).as("trees laid out for QuickScorer").isEqualTo(count(walked));
            for (int r = 0; r < 200; r++) {
                double[] row = r % 50 == 0 ? new double[] {-9, 9, -9, 9, 0.25} : row(random);
                int[] at = new int[trees];
                walk.leavesOfKeys(Forest.rankKeys(row), at);
                for (int i = 0; i < trees; i++) {
                    if (walked[i]) {
                        assertThat(at[i]).as("%d trees, tree %d, row %s", trees, i, Arrays.toString(row))
                                .isEqualTo(forest.plainWalk(i, row));
                    }
                }
            }
        }
    }

    /**
     * A batch goes row by row only while QuickScorer holds every tree in at most {@link
     * OneRowWalk#ROW_BY_ROW_BYTES}: ten complete trees of 32 leaves do; a thousand (over 600 KiB of
     * layout) are summed by QuickScorer but walked in blocks; one tree of 128 leaves among ten is not
     * QuickScorer's.
     */
    @Test
    void batchesGoRowByRowOnlyWhileQuickScorerHoldsEveryTreeWithinTheCacheBound() {
        SplittableRandom random = new SplittableRandom(23);
        OneRowWalk few = walkAll(Forest.random(random, 10, 5, 0));
        assertThat(few.sumsAll()).isTrue();
        assertThat(few.scoresBatchesRowByRow()).isTrue();
        OneRowWalk many = walkAll(Forest.random(random, 1000, 5, 0));
        assertThat(many.sumsAll()).isTrue();
        assertThat(many.scoresBatchesRowByRow()).isFalse();
        Forest small = Forest.random(random, 9, 5, 0);
        Forest large = Forest.random(random, 1, 7, 0);
        int[] packed = Arrays.copyOf(small.packed(), small.packed().length + large.packed().length);
        System.arraycopy(large.packed(), 0, packed, small.packed().length, large.packed().length);
        int[] roots = Arrays.copyOf(small.roots(), 10);
        roots[9] = small.packed().length;
        int[] depths = Arrays.copyOf(small.levels(), 10);
        depths[9] = large.levels()[0];
        OneRowWalk mixed = new OneRowWalk(relocated(packed, small.packed().length), WIDTH, roots, depths);
        assertThat(mixed.layoutSizes()[0]).as("trees laid out for QuickScorer").isEqualTo(9);
        assertThat(mixed.scoresBatchesRowByRow()).isFalse();
    }

    private static OneRowWalk walkAll(Forest forest) {
        return new OneRowWalk(forest.packed(), WIDTH, forest.roots(), forest.levels());
    }

    /** Packed trees whose nodes from {@code from} on were packed as if they began at 0: their child positions moved. */
    private static int[] relocated(int[] packed, int from) {
        int[] out = packed.clone();
        for (int p = from; p < out.length; p += 4) {
            out[p + 2] += from;
        }
        return out;
    }

    private static int count(boolean[] chosen) {
        int n = 0;
        for (boolean c : chosen) {
            n += c ? 1 : 0;
        }
        return n;
    }

    /**
     * QuickScorer keeps a tree's leaves in the bits of a {@code long}: in a complete tree of 64 leaves,
     * a row that goes right at every split reaches the last bit; one of 128 leaves is walked instead.
     */
    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void aCompleteTreeOfSixtyFourLeavesIsFoundByItsLastBitAndOneOf128IsWalked(int depth) {
        SplittableRandom random = new SplittableRandom(depth);
        Forest forest = Forest.random(random, 3, depth, 0);
        boolean[] walked = {true, true, true};
        OneRowWalk walk = new OneRowWalk(forest.packed(), WIDTH, forest.roots(), forest.levels(), walked);
        assertThat(walk.layoutSizes()[0]).isEqualTo(depth == 6 ? 3 : 0);
        double[] rightmost = {9, 9, 9, 9, 9};
        int[] at = new int[3];
        walk.leaves(rightmost, at);
        for (int i = 0; i < 3; i++) {
            assertThat(at[i]).isEqualTo(forest.plainWalk(i, rightmost)).isEqualTo(forest.rightmostLeaf(i));
        }
        for (int r = 0; r < 200; r++) {
            assertReachesWhatAPlainWalkReaches(forest, walk, walked, row(random));
        }
    }

    private static void assertReachesWhatAPlainWalkReaches(Forest forest, OneRowWalk walk, boolean[] walked,
            double[] row) {
        int trees = walked.length;
        int[] at = new int[trees];
        walk.leaves(row, at);
        for (int i = 0; i < trees; i++) {
            assertThat(walk.walks(i)).isEqualTo(walked[i]);
            if (walked[i]) {
                assertThat(at[i]).as("%d trees, tree %d, row %s", trees, i, Arrays.toString(row))
                        .isEqualTo(forest.plainWalk(i, row));
            }
        }
    }

    /**
     * A rank takes 8 bits of a narrow compact node, 16 of a wide one: a feature with 254 thresholds
     * is laid out in narrow nodes, one with 255 in wide ones; one with 65,000 is laid out compactly,
     * ranks up to the field's top; one with 70,000 is refused (its ranks would spill into the node's
     * slot), and the one-row walk then walks the packing. QuickScorer, which takes such stumps
     * first, has no such limit. A value above every threshold has the highest rank there is.
     */
    @ParameterizedTest
    @ValueSource(ints = {254, 255, 65_000, 70_000})
    void aFeatureWithTensOfThousandsOfThresholdsStillSendsEachRowWhereAPlainWalkDoes(int stumps) {
        int[] packed = new int[12 * stumps];
        int[] roots = new int[stumps];
        int[] depths = new int[stumps];
        boolean[] walked = new boolean[stumps];
        for (int i = 0; i < stumps; i++) {
            int p = 12 * i;
            roots[i] = p;
            depths[i] = 1;
            walked[i] = true;
            packed[p] = FloatKeys.of(i / 2.0f);
            packed[p + 2] = p + 4;
            packed[p + 3] = -1;
            for (int c = 0; c < 2; c++) {
                int leaf = p + 4 + 4 * c;
                packed[leaf] = FloatKeys.NEVER_REACHED;
                packed[leaf + 2] = leaf;
                packed[leaf + 3] = 2 * i + c;
            }
        }
        int[] into = new int[stumps];
        Arrays.setAll(into, i -> i);
        CompactTrees compact = CompactTrees.of(packed, 1, roots, depths, into);
        assertThat(compact != null).isEqualTo(stumps < 0xFFFF);
        if (compact != null) {
            assertThat(compact.nodeBytes()).as("bytes a node").isEqualTo(stumps < 0xFF ? 2 : 4);
        }
        OneRowWalk walk = new OneRowWalk(packed, 1, roots, depths, walked);
        SplittableRandom random = new SplittableRandom(stumps);
        for (int r = 0; r < 20; r++) {
            double x = r == 0 ? Double.NaN : r == 1 ? stumps : random.nextInt(2 * stumps + 4) / 4.0 - 0.5;
            int[] keys = new int[2];
            LevelWalks.keys(new double[] {x}, 1, keys, 0);
            int[] compactly = new int[stumps];
            if (compact != null) {
                compact.leaves(keys, compactly);
            }
            int[] quickly = new int[stumps];
            walk.leaves(new double[] {x}, quickly);
            for (int i = 0; i < stumps; i++) {
                int right = 2 * i + (x > i / 2.0 ? 1 : 0);
                if (compact != null && compactly[i] != right || quickly[i] != right) {
                    assertThat(compact == null ? right : compactly[i]).as("compact: x %s, stump %d", x, i).isEqualTo(right);
                    assertThat(quickly[i]).as("one-row walk: x %s, stump %d", x, i).isEqualTo(right);
                }
            }
        }
    }

    @Test
    void everyRowOfABlockReachesTheLeafAPlainWalkReaches() {
        SplittableRandom random = new SplittableRandom(17);
        Forest forest = Forest.random(random, 6);
        for (int n = 0; n <= 11; n++) {
            double[][] rows = new double[n + 2][];
            for (int k = 0; k < rows.length; k++) {
                rows[k] = row(random);
            }
            int[] keys = new int[2 * WIDTH * n];
            LevelWalks.keys(rows, 2, n, WIDTH, keys);
            for (int i = 0; i < 6; i++) {
                int[] at = new int[n];
                LevelWalks.leaves(forest.packed(), forest.roots()[i], forest.levels()[i], keys, WIDTH, n, at);
                for (int k = 0; k < n; k++) {
                    assertThat(at[k]).as("%d rows, tree %d, row %d", n, i, k).isEqualTo(forest.plainWalk(i, rows[2 + k]));
                }
            }
        }
    }

    /** Values on a few thresholds (so that ties are common), between them, and missing. */
    private static double[] row(SplittableRandom random) {
        double[] row = new double[WIDTH];
        for (int j = 0; j < WIDTH; j++) {
            row[j] = random.nextInt(10) == 0 ? Double.NaN : random.nextInt(9) / 2.0 - 2;
        }
        return row;
    }

    /**
     * Trees packed as {@link LevelWalks} reads them, each a random shape of depth 0 to 7, with what a
     * plain walk needs kept beside them: each node's feature, threshold, where a missing value goes and
     * its children. A leaf's answer is its tree and node, so a leaf of the wrong tree shows.
     */
    private record Forest(int[] packed, int[] roots, int[] levels, Map<Integer, int[]> nodes) {

        static Forest random(SplittableRandom random, int trees) {
            return random(random, trees, 7, 4);
        }

        /**
         * Trees of up to {@code deepest} levels: each shorter by a random amount, and each split
         * below the root a leaf one time in {@code leafOdds} (never, when 0).
         */
        static Forest random(SplittableRandom random, int trees, int deepest, int leafOdds) {
            return random(random, trees, deepest, leafOdds, false);
        }

        /**
         * As above; with {@code rankKeys}, a threshold's key is twice the threshold (-4 to 4, dense
         * keys as LightGBM's ranks are) rather than its {@link FloatKeys} key; see {@link #rankKeys}.
         */
        static Forest random(SplittableRandom random, int trees, int deepest, int leafOdds, boolean rankKeys) {
            List<Integer> packed = new ArrayList<>();
            Map<Integer, int[]> nodes = new HashMap<>();
            int[] roots = new int[trees];
            int[] levels = new int[trees];
            for (int i = 0; i < trees; i++) {
                int depth = leafOdds == 0 ? deepest : random.nextInt(deepest + 1);
                roots[i] = packed.size();
                levels[i] = grow(random, i, depth, leafOdds, rankKeys, packed, nodes);
            }
            return new Forest(packed.stream().mapToInt(Integer::intValue).toArray(), roots, levels, nodes);
        }

        /**
         * Packs a node, and below it its children side by side, depth first; returns the subtree's
         * depth. A node's plain record is {feature, threshold * 2, missing high, first child, answer}.
         */
        private static int grow(SplittableRandom random, int tree, int depth, int leafOdds, boolean rankKeys,
                List<Integer> packed, Map<Integer, int[]> nodes) {
            int p = packed.size();
            int answer = tree * 100_000 + p / 4;
            boolean leaf = depth == 0 || leafOdds > 0 && random.nextInt(leafOdds) == 0;
            for (int k = 0; k < 4; k++) {
                packed.add(0);
            }
            if (leaf) {
                packed.set(p, FloatKeys.NEVER_REACHED);
                packed.set(p + 2, p);
                packed.set(p + 3, answer);
                nodes.put(answer, new int[] {-1, 0, 0, p, answer});
                return 0;
            }
            int feature = random.nextInt(WIDTH);
            int twiceThreshold = random.nextInt(9) - 4;
            boolean missingHigh = random.nextBoolean();
            int children = packed.size();
            packed.set(p, rankKeys ? twiceThreshold : FloatKeys.of(twiceThreshold / 2.0f));
            packed.set(p + 1, feature + (missingHigh ? WIDTH : 0));
            packed.set(p + 2, children);
            packed.set(p + 3, answer);
            nodes.put(answer, new int[] {feature, twiceThreshold, missingHigh ? 1 : 0, children, answer});
            // The two children must sit side by side: reserve both, then grow each subtree after them.
            for (int k = 0; k < 8; k++) {
                packed.add(0);
            }
            int deepest = 0;
            for (int c = 0; c < 2; c++) {
                int sub = packed.size();
                int d = grow(random, tree, depth - 1, leafOdds, rankKeys, packed, nodes);
                deepest = Math.max(deepest, d);
                moveInto(packed, sub, children + 4 * c);
            }
            return deepest + 1;
        }

        /**
         * Makes the slot at {@code to} a copy of the node grown at {@code from}: a leaf points to
         * itself, a split to its own children, so the copy is what a walk must reach.
         */
        private static void moveInto(List<Integer> packed, int from, int to) {
            boolean leaf = packed.get(from) == FloatKeys.NEVER_REACHED;
            packed.set(to, packed.get(from));
            packed.set(to + 1, packed.get(from + 1));
            packed.set(to + 2, leaf ? to : packed.get(from + 2));
            packed.set(to + 3, packed.get(from + 3));
        }

        /**
         * A row's keys for trees grown with {@code rankKeys}: a value's key is the least integer
         * not below twice the value, so {@code v > t / 2} exactly when the key is above {@code t};
         * a missing value lowest in the first half, highest in the second, as {@link LevelWalks#keys}.
         */
        static int[] rankKeys(double[] row) {
            int[] keys = new int[2 * WIDTH];
            for (int j = 0; j < WIDTH; j++) {
                boolean missing = Double.isNaN(row[j]);
                keys[j] = missing ? FloatKeys.BELOW_ALL : (int) Math.ceil(2 * row[j]);
                keys[j + WIDTH] = missing ? FloatKeys.ABOVE_ALL : keys[j];
            }
            return keys;
        }

        /** The answer of the leaf reached by going right at every split. */
        int rightmostLeaf(int tree) {
            int p = roots[tree];
            while (packed[p] != FloatKeys.NEVER_REACHED) {
                p = nodes.get(packed[p + 3])[3] + 4;
            }
            return packed[p + 3];
        }

        /** The answer of the leaf the row reaches, node by node from the tree's root, in doubles. */
        int plainWalk(int tree, double[] row) {
            int p = roots[tree];
            while (packed[p] != FloatKeys.NEVER_REACHED) {
                int[] node = nodes.get(packed[p + 3]);
                double value = row[node[0]];
                boolean second = Double.isNaN(value) ? node[2] == 1 : value > node[1] / 2.0;
                p = node[3] + (second ? 4 : 0);
            }
            return packed[p + 3];
        }
    }
}
