package io.grove.format.xgboost;

import io.grove.scoring.Expf;
import io.grove.scoring.Score;
import io.grove.scoring.Scorer;
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
 * right child directly follows its left one; a leaf has feature {@code -1} and keeps its value in
 * {@code value}. Immutable and thread-safe.
 */
final class CompiledXGBoostScorer implements Scorer {

    /** Rows scored together tree by tree in {@link #scoreAll}, as XGBoost's block of rows (64). */
    private static final int BLOCK = 64;

    private final Objective.Answer answer;
    private final int outputs;
    private final float[] baseMargin;
    private final int[] root;
    private final int[] group;
    private final int[] feature;
    private final float[] value;
    private final int[] left;
    private final int[] missing;

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
        root = new int[trees.size()];
        group = model.treeGroup().clone();
        feature = new int[total];
        value = new float[total];
        left = new int[total];
        missing = new int[total];
        int next = 0;
        for (int t = 0; t < trees.size(); t++) {
            root[t] = next;
            next = flatten(trees.get(t), next);
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

    /** Lays out one tree breadth-first from {@code start}; returns the index after its last node. */
    private int flatten(RegressionTree t, int start) {
        int[] queue = new int[t.left().length];
        int tail = 0;
        queue[tail++] = 0;
        // Node queue[k] of the file becomes start + k; its children are appended in pairs.
        for (int head = 0; head < tail; head++) {
            int node = queue[head];
            int at = start + head;
            value[at] = t.condition()[node];
            if (t.isLeaf(node)) {
                feature[at] = -1;
                continue;
            }
            feature[at] = t.feature()[node];
            left[at] = start + tail;
            missing[at] = t.defaultLeft()[node] ? start + tail : start + tail + 1;
            queue[tail++] = t.left()[node];
            queue[tail++] = t.right()[node];
        }
        return start + tail;
    }

    @Override
    public Score score(double[] row) {
        if (outputs == 1) {
            float m = baseMargin[0];
            for (int r : root) {
                m += value[leaf(r, row)];
            }
            return single(m);
        }
        double[] margins = new double[outputs];
        for (int g = 0; g < outputs; g++) {
            margins[g] = baseMargin[g];
        }
        for (int t = 0; t < root.length; t++) {
            // Each margin holds a float exactly; the addition is in float, as XGBoost's float buffer.
            margins[group[t]] = (float) margins[group[t]] + value[leaf(root[t], row)];
        }
        return softmax(margins);
    }

    /**
     * The margins of one row (what XGBoost's {@code predict(..., output_margin=True)} gives), one per
     * output group.
     */
    float[] margins(double[] row) {
        float[] margins = baseMargin.clone();
        for (int t = 0; t < root.length; t++) {
            margins[group[t]] += value[leaf(root[t], row)];
        }
        return margins;
    }

    /** Scores the rows in blocks, tree by tree over each block, as XGBoost does: the same sums in the same order. */
    @Override
    public Score[] scoreAll(double[][] rows) {
        Score[] out = new Score[rows.length];
        float[] margins = new float[BLOCK * outputs];
        for (int begin = 0; begin < rows.length; begin += BLOCK) {
            int end = Math.min(begin + BLOCK, rows.length);
            for (int i = begin; i < end; i++) {
                System.arraycopy(baseMargin, 0, margins, (i - begin) * outputs, outputs);
            }
            for (int t = 0; t < root.length; t++) {
                int r = root[t];
                int g = group[t];
                for (int i = begin; i < end; i++) {
                    margins[(i - begin) * outputs + g] += value[leaf(r, rows[i])];
                }
            }
            for (int i = begin; i < end; i++) {
                int at = (i - begin) * outputs;
                if (outputs == 1) {
                    out[i] = single(margins[at]);
                } else {
                    double[] m = new double[outputs];
                    for (int g = 0; g < outputs; g++) {
                        m[g] = margins[at + g];
                    }
                    out[i] = softmax(m);
                }
            }
        }
        return out;
    }

    private int leaf(int node, double[] row) {
        int n = node;
        int f;
        while ((f = feature[n]) >= 0) {
            double x = row[f];
            n = x != x ? missing[n] : (float) x < value[n] ? left[n] : left[n] + 1;
        }
        return n;
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
}
