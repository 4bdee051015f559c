package io.grove.format.xgboost;

import io.grove.scoring.Expf;
import io.grove.scoring.FloatKeys;
import io.grove.scoring.LevelWalks;
import io.grove.scoring.OneRowWalk;
import io.grove.scoring.Score;
import io.grove.scoring.Scorer;
import java.util.Arrays;
import java.util.List;

/**
 * Scores rows with an XGBoost gbtree model flattened into primitive arrays: pure Java, no native
 * code, allocating only the result.
 *
 * <p>Its answers equal XGBoost's CPU predictor because it repeats XGBoost's float32 arithmetic
 * step by step ({@code src/predictor/cpu_predictor.cc}, {@code predict_fn.h}):
 * <ul>
 *   <li>each input value is cast to {@code float}, as a {@code DMatrix} holds it; {@code NaN} is
 *       missing and follows the split's default child;</li>
 *   <li>a split goes left when {@code value < condition} (float comparison), else right;</li>
 *   <li>each output group's margin is a {@code float} that starts at the group's base margin
 *       ({@code ProbToMargin(base_score)}) and adds each of the group's trees' leaf values, tree by
 *       tree in file order, rounding to float after each addition;</li>
 *   <li>the answer applies XGBoost's {@code PredTransform} in float: {@code common::Sigmoid}
 *       ({@code 1 / (expf(min(-x, 88.7)) + 1 + 1e-16)}), {@code expf}, or {@code common::Softmax}
 *       (max subtracted, exponentials summed in double, each divided by the sum cast to float).</li>
 * </ul>
 * {@code expf} is {@link Expf}, glibc's {@code expf} repeated bit for bit (Java's own {@code exp}
 * rounds differently on about 1 float in 13,000). So every answer is bit-identical to XGBoost's on
 * Linux.
 *
 * <p>Nodes of all trees share the arrays. Each tree is renumbered breadth-first so that a split's
 * right child directly follows its left one. What a walk reads of a node is packed into 16 bytes,
 * so that each step down a large model's trees costs one cache line, not one per array; a leaf
 * has feature {@code -1} and keeps its value in {@code value}.
 *
 * <p>{@link #scoreAll} walks a block of rows through a tree level by level, for the tree's depth,
 * with no branch that depends on the data: a mispredicted branch per split is what a tree walk
 * otherwise spends most of its time on. Each float becomes an int key that orders as the floats do
 * ({@link FloatKeys}), so {@code x < condition} is the sign of a subtraction; a missing value becomes
 * the lowest key where the split's default is left and the highest where it is right, so it takes
 * the default with the same subtraction; a leaf is its own left child with a key no row reaches, so
 * a row that reached its leaf early stays there. Immutable and thread-safe.
 */
final class CompiledXGBoostScorer implements Scorer {

    /** Rows scored together tree by tree in {@link #scoreAll} ({@link LevelWalks#block}). */
    private final int block;

    private final Objective.Answer answer;
    private final int outputs;
    private final float[] baseMargin;
    private final int width;
    private final int[] root;
    private final int[] depth;
    private final int[] group;
    /**
     * What a walk of one row reads of node {@code i}, side by side in one cache line: {@code [4i]}
     * its threshold's float bits, {@code [4i + 1]} its feature (-1 at a leaf), {@code [4i + 2]} its
     * left child and {@code [4i + 3]} its default child, each times 4.
     */
    private final int[] nodes;
    /**
     * Node {@code i} as {@link LevelWalks} walks a block: {@code [4i]} its condition's key less one
     * ({@link FloatKeys#NEVER_REACHED} at a leaf), {@code [4i + 1]} where it reads the split's value
     * in a row of keys (its feature, in the half of the row whose missing values go the split's
     * default way; 0 at a leaf), {@code [4i + 2]} its left child times 4 (a leaf's is itself),
     * {@code [4i + 3]} {@code i}.
     */
    private final int[] packed;
    /** A leaf's value; 0 at a split. */
    private final float[] value;
    /**
     * How a single row walks the trees shallow enough ({@link LevelWalks#shallowEnough}: a sparse deep
     * tree would make the row take its deepest path), level by level, eight at a time.
     */
    private final OneRowWalk oneRow;
    /**
     * For two to four output groups, where QuickScorer holds every tree: node {@code i}'s value in
     * lane {@code group} of {@code [4i .. 4i + 3]}, -0.0 (which adds nothing to any float) in the
     * other lanes, so that one row's group sums stay in registers ({@link OneRowWalk#sumLanes});
     * otherwise null.
     */
    private final float[] groupLanes;
    /** No group marked at any leaf: {@link OneRowWalk#sumLanes}'s marks, unused here. */
    private final int[] noMarks;

    /**
     * @param model the checked model
     */
    CompiledXGBoostScorer(XGBoostModel model) {
        answer = model.objective().answer();
        outputs = model.outputs();
        baseMargin = model.baseMargin().clone();
        List<RegressionTree> trees = model.trees();
        int total = 0;
        for (RegressionTree t : trees) {
            total += reachable(t);
        }
        width = model.numFeature();
        root = new int[trees.size()];
        depth = new int[trees.size()];
        group = model.treeGroup().clone();
        Layout layout = new Layout(total);
        value = layout.value;
        int next = 0;
        for (int t = 0; t < trees.size(); t++) {
            root[t] = next;
            next = layout.flatten(trees.get(t), next, width);
            depth[t] = layout.depth(root[t], next);
        }
        int[] rootPositions = new int[trees.size()];
        for (int t = 0; t < trees.size(); t++) {
            rootPositions[t] = 4 * root[t];
        }
        nodes = new int[4 * total];
        packed = new int[4 * total];
        for (int i = 0; i < total; i++) {
            nodes[4 * i] = Float.floatToRawIntBits(layout.threshold[i]);
            nodes[4 * i + 1] = layout.feature[i];
            nodes[4 * i + 2] = 4 * layout.left[i];
            nodes[4 * i + 3] = 4 * layout.missing[i];
            packed[4 * i] = layout.thresholdKey[i];
            packed[4 * i + 1] = layout.column[i];
            packed[4 * i + 2] = 4 * layout.left[i];
            packed[4 * i + 3] = i;
        }
        oneRow = new OneRowWalk(packed, width, rootPositions, depth);
        block = LevelWalks.block(width);
        if (outputs >= 2 && outputs <= 4 && oneRow.sumsAll()) {
            groupLanes = new float[4 * total];
            Arrays.fill(groupLanes, -0.0f);
            for (int t = 0; t < trees.size(); t++) {
                int end = t + 1 < trees.size() ? root[t + 1] : total;
                for (int i = root[t]; i < end; i++) {
                    groupLanes[4 * i + group[t]] = layout.feature[i] < 0 ? value[i] : -0.0f;
                }
            }
            noMarks = new int[total];
        } else {
            groupLanes = null;
            noMarks = null;
        }
    }

    private static int reachable(RegressionTree t) {
        int count = 0;
        int[] queue = new int[t.left().length];
        int tail = 0;
        queue[tail++] = 0;
        for (int head = 0; head < tail; head++) {
            int node = queue[head];
            count++;
            if (!t.isLeaf(node)) {
                queue[tail++] = t.left()[node];
                queue[tail++] = t.right()[node];
            }
        }
        return count;
    }

    @Override
    public Score score(double[] row) {
        float[] margins = margins(row);
        if (outputs == 1) {
            return single(margins[0]);
        }
        double[] wide = new double[outputs];
        for (int g = 0; g < outputs; g++) {
            wide[g] = margins[g];
        }
        return softmax(wide);
    }

    /**
     * The margins of one row (what XGBoost's {@code predict(..., output_margin=True)} gives), one per
     * output group: each group's float sum of its trees' leaves, tree by tree in file order, as
     * XGBoost's float buffer adds them. The trees shallow enough are walked first, level by level
     * eight at a time ({@link OneRowWalk}); the sums keep file order.
     */
    float[] margins(double[] row) {
        if (outputs == 1 && oneRow.sumsAll()) {
            return new float[] {oneRow.sum(row, value, baseMargin[0])};
        }
        if (groupLanes != null) {
            float[] sums = Arrays.copyOf(baseMargin, 4);
            oneRow.sumLanes(row, groupLanes, noMarks, sums);
            return Arrays.copyOf(sums, outputs);
        }
        int[] walked = null;
        if (oneRow.walksAny()) {
            walked = new int[root.length];
            oneRow.leaves(row, walked);
        }
        if (outputs == 1) {
            // One sum in a register rather than in the array: the same float additions in the same
            // order, without each waiting for the one before to reach memory and come back.
            float margin = baseMargin[0];
            for (int t = 0; t < root.length; t++) {
                margin += treeValue(t, row, walked);
            }
            return new float[] {margin};
        }
        float[] margins = baseMargin.clone();
        for (int t = 0; t < root.length; t++) {
            margins[group[t]] += treeValue(t, row, walked);
        }
        return margins;
    }

    /** The value of the leaf tree {@code t} sends {@code row} to: found in {@code walked} if {@link #oneRow} walked it. */
    private float treeValue(int t, double[] row, int[] walked) {
        return value[walked != null && oneRow.walks(t) ? walked[t] : leaf(root[t], row)];
    }

    /**
     * Scores the rows one by one where {@link OneRowWalk#scoresBatchesRowByRow} says that is faster
     * (one output's sum, or two to four groups' in {@link #groupLanes}), else {@link #scoreInBlocks}: the same answers either way.
     */
    @Override
    public Score[] scoreAll(double[][] rows) {
        return scoresBatchesRowByRow() ? Scorer.super.scoreAll(rows) : scoreInBlocks(rows);
    }

    /** Whether {@link #scoreAll} scores row by row. */
    boolean scoresBatchesRowByRow() {
        return (outputs == 1 || groupLanes != null) && oneRow.scoresBatchesRowByRow();
    }

    /**
     * Scores the rows in blocks, tree by tree over each block, as XGBoost does: the same sums in the
     * same order. Each block is first cast to float, as XGBoost's {@code DMatrix} holds it, and
     * turned into keys: the first half of {@code keys} with missing values lowest, the second highest.
     */
    Score[] scoreInBlocks(double[][] rows) {
        Score[] out = new Score[rows.length];
        int block = Math.min(this.block, Math.max(rows.length, 1));
        float[] margins = new float[block * outputs];
        int[] keys = new int[2 * block * width];
        int[] at = new int[block];
        for (int begin = 0; begin < rows.length; begin += block) {
            int n = Math.min(block, rows.length - begin);
            LevelWalks.keys(rows, begin, n, width, keys);
            for (int k = 0; k < n; k++) {
                System.arraycopy(baseMargin, 0, margins, k * outputs, outputs);
            }
            for (int t = 0; t < root.length; t++) {
                walk(t, keys, n, at);
                int g = group[t];
                for (int k = 0; k < n; k++) {
                    margins[k * outputs + g] += value[at[k]];
                }
            }
            for (int k = 0; k < n; k++) {
                int first = k * outputs;
                if (outputs == 1) {
                    out[begin + k] = single(margins[first]);
                } else {
                    double[] m = new double[outputs];
                    for (int g = 0; g < outputs; g++) {
                        m[g] = margins[first + g];
                    }
                    out[begin + k] = softmax(m);
                }
            }
        }
        return out;
    }

    /** Puts in {@code at[k]} the leaf of tree {@code t} that row {@code k} of a block of keys reaches. */
    private void walk(int t, int[] keys, int n, int[] at) {
        int r = 4 * root[t];
        if (depth[t] <= LevelWalks.MAX_DEPTH) {
            LevelWalks.leaves(packed, r, depth[t], keys, width, n, at);
            return;
        }
        for (int k = 0; k < n; k++) {
            int p = r;
            while (nodes[p + 1] >= 0) {
                p = LevelWalks.step(packed, p, keys, 2 * k * width);
            }
            at[k] = p >>> 2;
        }
    }

    private int leaf(int node, double[] row) {
        int p = 4 * node;
        int f;
        while ((f = nodes[p + 1]) >= 0) {
            double x = row[f];
            p = x != x ? nodes[p + 3] : (float) x < Float.intBitsToFloat(nodes[p]) ? nodes[p + 2] : nodes[p + 2] + 4;
        }
        return p >>> 2;
    }

    private Score single(float margin) {
        return switch (answer) {
            case BINARY_CLASS -> {
                float p = sigmoid(margin);
                // 1 - p in double: the complement as exact as the double allows, as the Python fixtures compute it
                yield new Score.Classification(p > 0.5f ? 1 : 0, new double[] {1.0 - p, p});
            }
            case SIGMOID -> new Score.Regression(sigmoid(margin));
            case EXP -> new Score.Regression(expf(margin));
            case MARGIN -> new Score.Regression(margin);
            case SOFTMAX_CLASS -> throw new IllegalStateException("a softmax model has at least two output groups");
        };
    }

    /** {@code common::Softmax} in place; the class is the first of the largest margins ({@code FindMaxIndex}). */
    private static Score softmax(double[] margins) {
        int best = 0;
        float max = (float) margins[0];
        for (int g = 1; g < margins.length; g++) {
            if ((float) margins[g] > max) {
                max = (float) margins[g];
                best = g;
            }
        }
        double sum = 0.0;
        for (int g = 0; g < margins.length; g++) {
            float e = expf((float) margins[g] - max);
            margins[g] = e;
            sum += e;
        }
        float total = (float) sum;
        for (int g = 0; g < margins.length; g++) {
            margins[g] = (float) margins[g] / total;
        }
        return new Score.Classification(best, margins);
    }

    /** {@code common::Sigmoid}. */
    private static float sigmoid(float x) {
        float denominator = expf(Math.min(-x, 88.7f)) + 1.0f + 1e-16f;
        return 1.0f / denominator;
    }

    private static float expf(float x) {
        return Expf.expf(x);
    }

    @Override
    public String kind() {
        return "compiled-forest";
    }

    /** The trees' nodes in flat arrays, breadth-first, while the scorer is built. */
    private static final class Layout {

        final int[] feature;
        final int[] column;
        final int[] thresholdKey;
        final float[] threshold;
        final float[] value;
        final int[] left;
        final int[] missing;

        Layout(int total) {
            feature = new int[total];
            column = new int[total];
            thresholdKey = new int[total];
            threshold = new float[total];
            value = new float[total];
            left = new int[total];
            missing = new int[total];
        }

        /**
         * Lays out one tree breadth-first from {@code start}; returns the index after its last node.
         * {@code highHalf} is where a row's second half of keys (missing values highest) begins.
         */
        int flatten(RegressionTree t, int start, int highHalf) {
            int[] queue = new int[t.left().length];
            int tail = 0;
            queue[tail++] = 0;
            // Node queue[k] of the file becomes start + k; its children are appended in pairs.
            for (int head = 0; head < tail; head++) {
                int node = queue[head];
                int at = start + head;
                if (t.isLeaf(node)) {
                    feature[at] = -1;
                    threshold[at] = Float.NaN;
                    thresholdKey[at] = FloatKeys.NEVER_REACHED;
                    value[at] = t.condition()[node];
                    left[at] = at;
                    missing[at] = at;
                    continue;
                }
                feature[at] = t.feature()[node];
                column[at] = t.feature()[node] + (t.defaultLeft()[node] ? 0 : highHalf);
                threshold[at] = t.condition()[node];
                // LevelWalks goes right when a key is above the threshold's; XGBoost when it is not
                // below the condition: one less is the same test (no float's key is one below another's minimum).
                thresholdKey[at] = FloatKeys.of(t.condition()[node]) - 1;
                left[at] = start + tail;
                missing[at] = t.defaultLeft()[node] ? start + tail : start + tail + 1;
                queue[tail++] = t.left()[node];
                queue[tail++] = t.right()[node];
            }
            return start + tail;
        }

        /** The number of edges on the longest path from the root of the tree laid out in {@code [start, end)}. */
        int depth(int start, int end) {
            // Breadth-first order: a node's children come after it, so one forward pass finds every level.
            int[] level = new int[end - start];
            int deepest = 0;
            for (int at = start; at < end; at++) {
                if (feature[at] >= 0) {
                    int below = level[at - start] + 1;
                    level[left[at] - start] = below;
                    level[left[at] + 1 - start] = below;
                    deepest = Math.max(deepest, below);
                }
            }
            return deepest;
        }
    }
}
