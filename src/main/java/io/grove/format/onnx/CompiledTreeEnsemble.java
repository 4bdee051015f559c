package io.grove.format.onnx;

import io.grove.scoring.OneRowWalk;
import io.grove.scoring.Score;
import io.grove.scoring.Scorer;

/**
 * Scores rows with an ONNX tree ensemble ({@code TreeEnsembleClassifier} or {@code
 * TreeEnsembleRegressor}) compiled to flat arrays, repeating ONNX Runtime's CPU kernel operation by
 * operation ({@code tree_ensemble_common.h}, {@code tree_ensemble_aggregator.h}, {@code
 * ml_common.h}):
 * <ul>
 *   <li>each input value is rounded to float32 when the graph feeds the trees floats, and compared
 *       with thresholds stored in the kernel's threshold type (float, or double for double
 *       inputs); a node takes its true branch when the comparison holds, or when the value is NaN
 *       and the node's {@code nodes_missing_value_tracks_true} is set;</li>
 *   <li>trees are walked in ONNX Runtime's order (a new tree starts wherever {@code nodes_treeids}
 *       changes), a leaf's weights in order of (tree, node, attribute position), and scores are
 *       accumulated in the threshold type;</li>
 *   <li>base values, the aggregate function, the binary single-class logic and the post transform
 *       follow the aggregator classes, in float32 where the kernel computes in float.</li>
 * </ul>
 * Walks are iterative over trees checked acyclic at load time. Immutable and thread-safe;
 * {@link #score} allocates its result, a leaf per tree and two small score arrays.
 */
final class CompiledTreeEnsemble implements Scorer {

    static final byte LEQ = 0, LT = 1, GTE = 2, GT = 3, EQ = 4, NEQ = 5, LEAF = 6, MEMBER = 7;

    enum Aggregate { SUM, AVERAGE, MIN, MAX }

    /** The flat trees and what the aggregator needs; built by {@link TreeEnsembleCompiler}. */
    record Trees(int width, boolean roundInputs, boolean floatScores, int[] roots, int[] feature, double[] threshold,
                 byte[] mode, boolean[] missingTrue, int[] trueChild, int[] falseChild, int[] weightStart,
                 int[] weightCount, int[] weightTarget, double[] weightValue, double[] baseValues,
                 PostTransform post, Aggregate aggregate, int[] memberStart, int[] memberEnd, double[] members) {
    }

    private final Trees t;
    /** Rows walked together, tree by tree, in {@link #scoreAll}, when the trees are walked node by node. */
    private static final int BLOCK = 64;
    /**
     * For an ensemble whose every split is BRANCH_LEQ (what skl2onnx writes), each node's feature,
     * or -1 at a leaf; {@code null} otherwise. With {@link #nanChild}, it lets {@link #leaf} skip the
     * mode switch and the missing-value test on each node. (Packing a node's fields into one array
     * was measured slower here for small ensembles: rebuilding the threshold lengthens each step.)
     */
    private final int[] leqFeature;
    /** Where a NaN goes at each node of an all-BRANCH_LEQ ensemble: its true child if it tracks true (NaN fails {@code v <= th}). */
    private final int[] nanChild;
    /** How {@link #scoreAll} walks a block of rows through a tree where the trees allow it; else {@code null}. */
    private final LevelWalk levelWalk;
    /** One row's class weights as {@link #score} sums them in registers, where the classes allow it; else {@code null}. */
    private final LeafClassWeights classWeights;
    /**
     * For a float regressor that sums its trees, every tree laid out for QuickScorer, each leaf's
     * weight by node, for the one-row sum made as the leaves are found; else {@code null}.
     */
    private final float[] quickSumWeight;
    /** Whether {@link #classWeights} sums one row's classes as QuickScorer finds each leaf. */
    private final boolean quickClassSums;
    private final int classes;
    private final boolean binaryCase;
    private final boolean weightsAllPositive;
    private final int positiveIndex;
    private final int negativeIndex;

    private CompiledTreeEnsemble(Trees trees, int classes, boolean binaryCase, boolean weightsAllPositive,
                                 int positiveIndex, int negativeIndex) {
        this.t = trees;
        boolean allLeq = true;
        for (byte m : trees.mode) {
            allLeq &= m == LEQ || m == LEAF;
        }
        int nodes = trees.mode.length;
        leqFeature = allLeq ? new int[nodes] : null;
        nanChild = allLeq ? new int[nodes] : null;
        for (int i = 0; allLeq && i < nodes; i++) {
            leqFeature[i] = trees.mode[i] == LEAF ? -1 : trees.feature[i];
            nanChild[i] = trees.missingTrue[i] ? trees.trueChild[i] : trees.falseChild[i];
        }
        levelWalk = allLeq ? LevelWalk.of(trees) : null;
        classWeights = LeafClassWeights.of(trees, classes);
        quickClassSums = classWeights != null && levelWalk != null && levelWalk.oneRow().sumsAll();
        if (classes == 0 && sumsInFloat(trees) && levelWalk != null && levelWalk.oneRow().sumsAll()) {
            quickSumWeight = new float[nodes];
            for (int i = 0; i < nodes; i++) {
                quickSumWeight[i] = trees.mode[i] == LEAF ? (float) trees.weightValue[trees.weightStart[i]] : 0f;
            }
        } else {
            quickSumWeight = null;
        }
        this.classes = classes;
        this.binaryCase = binaryCase;
        this.weightsAllPositive = weightsAllPositive;
        this.positiveIndex = positiveIndex;
        this.negativeIndex = negativeIndex;
    }

    static CompiledTreeEnsemble regressor(Trees trees) {
        return new CompiledTreeEnsemble(trees, 0, false, false, -1, -1);
    }

    /**
     * @param positiveIndex the class index of the label ONNX Runtime gives a binary model that is not
     *                      its "binary case" when the positive score wins (label value 1)
     * @param negativeIndex the same for label value 0
     */
    static CompiledTreeEnsemble classifier(Trees trees, int classes, boolean binaryCase, boolean weightsAllPositive,
                                           int positiveIndex, int negativeIndex) {
        return new CompiledTreeEnsemble(trees, classes, binaryCase, weightsAllPositive, positiveIndex, negativeIndex);
    }

    int trees() {
        return t.roots.length;
    }

    /** Whether {@link #scoreAll} walks blocks of rows level by level ({@link LevelWalk}). */
    boolean walksLevels() {
        return levelWalk != null;
    }

    /** Whether {@link #score} sums a row's class weights in registers ({@link LeafClassWeights}). */
    boolean sumsClassesInRegisters() {
        return classWeights != null;
    }

    @Override
    public Score score(double[] x) {
        if (x.length != t.width) {
            throw new IllegalArgumentException("expected " + t.width + " features, got " + x.length);
        }
        if (quickSumWeight != null) {
            return finishRegression(levelWalk.oneRow().sum(x, quickSumWeight, 0f), true);
        }
        if (quickClassSums) {
            double[] s = new double[classes];
            boolean[] has = new boolean[classes];
            classWeights.quickSum(levelWalk.oneRow(), x, s, has);
            return finishClassification(s, has);
        }
        int trees = t.roots.length;
        int[] leaves = new int[trees];
        boolean walked = levelWalk != null && levelWalk.oneRow().walksAny();
        if (walked) {
            levelWalk.oneRow().leaves(x, leaves);
        }
        for (int i = 0; i < trees; i++) {
            if (!walked || !levelWalk.oneRow().walks(i)) {
                leaves[i] = leaf(t.roots[i], x);
            }
        }
        if (classes == 0) {
            return finishRegression(sumRegression(leaves), trees > 0);
        }
        double[] s = new double[classes];
        boolean[] has = new boolean[classes];
        if (classWeights != null) {
            classWeights.sum(leaves, s, has);
        } else {
            for (int leaf : leaves) {
                addClassWeights(leaf, s, has);
            }
        }
        return finishClassification(s, has);
    }

    /**
     * Scores the rows one by one where {@link OneRowWalk#scoresBatchesRowByRow} says that is faster
     * (the one-row sums fused with QuickScorer), else {@link #scoreInBlocks}: the same answers either way.
     */
    @Override
    public Score[] scoreAll(double[][] rows) {
        return scoresBatchesRowByRow() ? Scorer.super.scoreAll(rows) : scoreInBlocks(rows);
    }

    /** Whether {@link #scoreAll} scores row by row. */
    boolean scoresBatchesRowByRow() {
        return (quickSumWeight != null || quickClassSums) && levelWalk.oneRow().scoresBatchesRowByRow();
    }

    /**
     * Scores the rows in blocks: each tree walks every row of a block, and adds its leaf's weights
     * to that row's scores, before the next tree, so that a large ensemble's tree and its weights are
     * fetched into cache once per block, not once per row. Each row's scores are the same sums in
     * the same order as {@link #score}'s.
     */
    Score[] scoreInBlocks(double[][] rows) {
        for (double[] x : rows) {
            if (x.length != t.width) {
                throw new IllegalArgumentException("expected " + t.width + " features, got " + x.length);
            }
        }
        int trees = t.roots.length;
        Score[] out = new Score[rows.length];
        int block = levelWalk == null ? BLOCK : Math.min(levelWalk.block(), Math.max(rows.length, 1));
        int[] keys = levelWalk == null ? null : levelWalk.newKeys(block);
        int[] at = new int[block];
        for (int begin = 0; begin < rows.length; begin += block) {
            int n = Math.min(block, rows.length - begin);
            if (keys != null) {
                levelWalk.keys(rows, begin, n, keys);
            }
            if (classes == 0) {
                double[] s = new double[n];
                for (int i = 0; i < trees; i++) {
                    leaves(i, rows, begin, n, keys, at);
                    for (int k = 0; k < n; k++) {
                        s[k] = addRegression(s[k], at[k], i > 0);
                    }
                }
                for (int k = 0; k < n; k++) {
                    out[begin + k] = finishRegression(s[k], trees > 0);
                }
            } else {
                double[][] s = new double[n][classes];
                boolean[][] has = new boolean[n][classes];
                for (int i = 0; i < trees; i++) {
                    leaves(i, rows, begin, n, keys, at);
                    for (int k = 0; k < n; k++) {
                        addClassWeights(at[k], s[k], has[k]);
                    }
                }
                for (int k = 0; k < n; k++) {
                    out[begin + k] = finishClassification(s[k], has[k]);
                }
            }
        }
        return out;
    }

    /** Puts in {@code at[k]} the leaf of tree {@code i} that row {@code begin + k} reaches. */
    private void leaves(int i, double[][] rows, int begin, int n, int[] keys, int[] at) {
        if (keys != null && levelWalk.walks(i)) {
            levelWalk.leaves(i, keys, n, at);
            return;
        }
        int root = t.roots[i];
        for (int k = 0; k < n; k++) {
            at[k] = leaf(root, rows[begin + k]);
        }
    }

    /** The leaf a tree sends the row to. */
    private int leaf(int node, double[] x) {
        if (leqFeature != null) {
            return leqLeaf(node, x);
        }
        final byte[] mode = t.mode;
        while (mode[node] != LEAF) {
            double v = t.roundInputs ? (float) x[t.feature[node]] : x[t.feature[node]];
            double th = t.threshold[node];
            boolean holds = switch (mode[node]) {
                case LEQ -> v <= th;
                case LT -> v < th;
                case GTE -> v >= th;
                case GT -> v > th;
                case EQ -> v == th;
                case NEQ -> v != th;
                default -> isMember(node, v);
            };
            node = holds || t.missingTrue[node] && Double.isNaN(v) ? t.trueChild[node] : t.falseChild[node];
        }
        return node;
    }

    /** {@link #leaf} where every split is BRANCH_LEQ. */
    private int leqLeaf(int node, double[] x) {
        final int[] feature = leqFeature;
        final double[] threshold = t.threshold;
        final boolean round = t.roundInputs;
        int f;
        while ((f = feature[node]) >= 0) {
            double v = round ? (float) x[f] : x[f];
            node = v <= threshold[node] ? t.trueChild[node] : v != v ? nanChild[node] : t.falseChild[node];
        }
        return node;
    }

    /** Opset 5's BRANCH_MEMBER, which ONNX Runtime unrolls into a chain of BRANCH_EQ. */
    private boolean isMember(int node, double v) {
        for (int k = t.memberStart[node], end = t.memberEnd[node]; k < end; k++) {
            if (v == t.members[k]) {
                return true;
            }
        }
        return false;
    }

    /** Rounds to the kernel's score type. */
    private double acc(double v) {
        return t.floatScores ? (float) v : v;
    }

    /**
     * A regressor's score aggregated over one row's {@code leaves}, tree by tree. A float sum is
     * added in a float: a float32 addition rounds exactly as the double addition of the same two
     * floats rounded to float32, and keeps the sum out of two conversions a tree.
     */
    private double sumRegression(int[] leaves) {
        if (sumsInFloat(t)) {
            float s = 0;
            for (int leaf : leaves) {
                s += (float) t.weightValue[t.weightStart[leaf]];
            }
            return s;
        }
        double s = 0;
        for (int i = 0; i < leaves.length; i++) {
            s = addRegression(s, leaves[i], i > 0);
        }
        return s;
    }

    /** Whether a regressor's trees are summed (SUM, AVERAGE) by a kernel that accumulates in float. */
    private static boolean sumsInFloat(Trees trees) {
        return trees.floatScores && (trees.aggregate == Aggregate.SUM || trees.aggregate == Aggregate.AVERAGE);
    }

    /** A regressor's score after adding one tree's leaf; {@code has}: whether an earlier tree already added. */
    private double addRegression(double s, int leaf, boolean has) {
        double w = t.weightValue[t.weightStart[leaf]];
        return switch (t.aggregate) {
            case SUM, AVERAGE -> acc(s + w);
            case MIN -> !has || w < s ? w : s;
            case MAX -> !has || w > s ? w : s;
        };
    }

    /** A regressor's answer from its trees' aggregated score; {@code has}: whether there was a tree. */
    private Score finishRegression(double s, boolean has) {
        double[] base = t.baseValues;
        double origin = base.length == 1 ? base[0] : 0;
        s = switch (t.aggregate) {
            case SUM -> acc(s + origin);
            case AVERAGE -> acc(acc(s / t.roots.length) + origin);
            case MIN, MAX -> has ? acc(s + origin) : origin;
        };
        float z = t.post == PostTransform.PROBIT ? PostTransform.probit((float) s) : (float) s;
        return new Score.Regression(z);
    }

    /** Adds a leaf's class weights to a row's class scores, in the weights' order. */
    private void addClassWeights(int leaf, double[] s, boolean[] has) {
        for (int k = t.weightStart[leaf], end = k + t.weightCount[leaf]; k < end; k++) {
            int c = t.weightTarget[k];
            s[c] = acc(s[c] + t.weightValue[k]);
            has[c] = true;
        }
    }

    /** A classifier's answer from its trees' class scores, which it overwrites. */
    private Score finishClassification(double[] s, boolean[] has) {
        double[] base = t.baseValues;
        float[] z = new float[Math.max(classes, 2)];
        int label;
        if (classes > 2) {
            for (int k = 0; k < base.length; k++) {
                s[k] = has[k] ? acc(s[k] + base[k]) : base[k];
                has[k] = true;
            }
            int max = -1;
            double maxWeight = 0;
            for (int k = 0; k < classes; k++) {
                if (has[k] && (max == -1 || s[k] > maxWeight)) {
                    max = k;
                    maxWeight = s[k];
                }
            }
            label = max;
            for (int k = 0; k < classes; k++) {
                z[k] = has[k] ? (float) s[k] : 0f;
            }
            t.post.apply(z, classes);
            return new Score.Classification(label, widen(z, classes));
        }
        // Two classes: TreeAggregatorClassifier::FinalizeScores, binary branch.
        int size = 2;
        int secondClass = -1;
        if (base.length == 2) {
            if (has[1]) {
                // ONNX Runtime uses the first class's score here, not the second's (base_values[0] is ignored).
                s[1] = acc(base[1] + s[0]);
                s[0] = -s[1];
            } else {
                s[1] = acc(s[1] + base[1]);
                s[0] = acc(s[0] + base[0]);
            }
        } else if (base.length == 1) {
            s[0] = acc(s[0] + base[0]);
            if (!has[1]) {
                size = 1;
            }
        } else if (base.length == 0) {
            secondClass = 3;
            if (!has[1]) {
                size = 1;
            }
        }
        double positive = size == 2 && has[1] ? s[1] : has[0] ? s[0] : 0;
        if (binaryCase) {
            if (weightsAllPositive) {
                secondClass = positive > 0.5 ? 0 : 1;
            } else {
                secondClass = positive > 0 ? 2 : 3;
            }
            label = secondClass == 0 || secondClass == 2 ? 1 : 0;
        } else {
            label = positive > 0 ? positiveIndex : negativeIndex;
        }
        z[0] = has[0] ? (float) s[0] : 0f;
        z[1] = has[1] ? (float) s[1] : 0f;
        if (size == 2) {
            t.post.apply(z, 2);
        } else if (t.post == PostTransform.PROBIT) {
            z[0] = PostTransform.probit(z[0]);
            z[1] = 0f;
        } else {
            float s0 = z[0];
            switch (secondClass) {
                case 0, 1 -> {
                    z[0] = 1f - s0;
                    z[1] = s0;
                }
                case 2, 3 -> {
                    if (t.post == PostTransform.LOGISTIC) {
                        z[0] = PostTransform.logistic(-s0);
                        z[1] = PostTransform.logistic(s0);
                    } else {
                        z[0] = -s0;
                        z[1] = s0;
                    }
                }
                default -> z[1] = 0f;
            }
        }
        return new Score.Classification(label, widen(z, 2));
    }

    private static double[] widen(float[] z, int n) {
        double[] p = new double[n];
        for (int k = 0; k < n; k++) {
            p[k] = z[k];
        }
        return p;
    }

    @Override
    public String kind() {
        return "compiled-forest";
    }
}
