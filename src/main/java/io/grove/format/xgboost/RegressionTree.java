package io.grove.format.xgboost;

import io.grove.format.ModelFormatException;
import java.util.Arrays;

/**
 * One XGBoost regression tree as its file lays it out (XGBoost's {@code RegTree}): node arrays
 * indexed by node id, the root at 0, a leaf where {@code left == -1}, whose value is then its
 * {@code condition}. Checked on construction to be a tree a row can walk without leaving it:
 * children in range, every node reached at most once from the root (so no cycles), features
 * below {@code num_feature}, every condition and leaf value finite. Nodes the root does not reach
 * (XGBoost's deleted nodes) are ignored. The check walks the tree with an explicit stack, so a
 * deep tree costs memory proportional to its nodes, never Java stack.
 *
 * @param left        each node's left child, or -1 at a leaf
 * @param right       each node's right child
 * @param feature     each split's feature index
 * @param condition   each split's threshold ({@code value < condition} goes left) or each leaf's value
 * @param defaultLeft whether a missing value goes left at each split
 */
record RegressionTree(int[] left, int[] right, int[] feature, float[] condition, boolean[] defaultLeft) {

    RegressionTree {
        int n = left.length;
        if (n == 0 || right.length != n || feature.length != n || condition.length != n || defaultLeft.length != n) {
            throw new IllegalArgumentException("node arrays differ in length");
        }
    }

    /**
     * Checks a tree read from a file.
     *
     * @param index      the tree's index in the model, for messages
     * @param numFeature the model's number of features
     * @return the tree
     * @throws ModelFormatException if it is not a finite, well-formed tree over those features
     */
    static RegressionTree checked(int index, int numFeature, int[] left, int[] right, int[] feature, float[] condition,
                                  int[] defaultLeft) {
        int n = left.length;
        String tree = "Tree " + index;
        if (n == 0) {
            throw new ModelFormatException(tree + " has no nodes.");
        }
        if (right.length != n || feature.length != n || condition.length != n || defaultLeft.length != n) {
            throw new ModelFormatException(tree + " has node arrays of different lengths (left_children " + n
                    + ", right_children " + right.length + ", split_indices " + feature.length + ", split_conditions "
                    + condition.length + ", default_left " + defaultLeft.length + ").");
        }
        boolean[] reached = new boolean[n];
        int[] stack = new int[n];
        int top = 0;
        stack[top++] = 0;
        reached[0] = true;
        while (top > 0) {
            int node = stack[--top];
            if (!Float.isFinite(condition[node])) {
                throw new ModelFormatException(tree + " node " + node + " has a " + (left[node] == -1 ? "leaf value" : "split condition")
                        + " that is not finite (" + condition[node] + ").");
            }
            if (left[node] == -1) {
                continue;
            }
            if (feature[node] < 0 || feature[node] >= numFeature) {
                throw new ModelFormatException(tree + " node " + node + " splits on feature " + feature[node]
                        + ", but the model has " + numFeature + " features.");
            }
            for (int child : new int[] {left[node], right[node]}) {
                if (child <= 0 || child >= n) {
                    throw new ModelFormatException(tree + " node " + node + " has child " + child + ", outside 1.." + (n - 1) + ".");
                }
                if (reached[child]) {
                    throw new ModelFormatException(tree + " node " + child + " is reached twice: the nodes do not form a tree.");
                }
                reached[child] = true;
                stack[top++] = child;
            }
        }
        boolean[] dl = new boolean[n];
        for (int i = 0; i < n; i++) {
            dl[i] = defaultLeft[i] != 0;
        }
        return new RegressionTree(left, right, feature, condition, dl);
    }

    /** Whether node {@code i} is a leaf. */
    boolean isLeaf(int i) {
        return left[i] == -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegressionTree t && Arrays.equals(left, t.left) && Arrays.equals(right, t.right)
                && Arrays.equals(feature, t.feature) && Arrays.equals(condition, t.condition)
                && Arrays.equals(defaultLeft, t.defaultLeft);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(left) * 31 + Arrays.hashCode(condition);
    }

    @Override
    public String toString() {
        return "RegressionTree[" + left.length + " nodes]";
    }
}
