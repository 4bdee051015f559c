package io.grove.format.tribuo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.ToIntFunction;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Output;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;

/**
 * The splits of Tribuo trees flattened into primitive arrays shared by all trees, so that a row
 * walks arrays instead of node objects. A split sends a row to its "greater than" child when
 * {@code value > threshold}, else to its "less than or equal" child, as {@code SplitNode.getNextNode}
 * does. What a leaf holds is the caller's: each leaf is numbered in the order the trees are added,
 * and {@link #leaf} returns that number. Immutable once built.
 */
final class FlatTrees {

    // A child or root reference is a split number (>= 0) or ~leafNumber (< 0).
    private final int width;
    private final int[] roots;
    private final int[] splitFeature;
    private final double[] threshold;
    private final int[] greater;
    private final int[] lessOrEqual;

    private FlatTrees(Builder<?> b) {
        width = b.featureNames.size();
        roots = toInts(b.roots);
        splitFeature = toInts(b.splitFeature);
        threshold = b.threshold.stream().mapToDouble(Double::doubleValue).toArray();
        greater = toInts(b.greater);
        lessOrEqual = toInts(b.lessOrEqual);
    }

    /** The number of features a row has. */
    int width() {
        return width;
    }

    /** The number of trees. */
    int trees() {
        return roots.length;
    }

    /** The number of the leaf that {@code row} reaches in tree {@code tree}. */
    int leaf(int tree, double[] row) {
        int node = roots[tree];
        while (node >= 0) {
            node = row[splitFeature[node]] > threshold[node] ? greater[node] : lessOrEqual[node];
        }
        return ~node;
    }

    /**
     * Checks a row as Tribuo would before scoring it.
     *
     * @throws IllegalArgumentException if it has the wrong length or a NaN value, as Tribuo refuses it
     */
    void requireScorable(double[] row) {
        if (row.length != width) {
            throw new IllegalArgumentException("expected " + width + " features, got " + row.length);
        }
        for (double v : row) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("NaN feature value");
            }
        }
    }

    private static int[] toInts(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Collects the arrays while walking each tree once, without recursion. Not thread-safe.
     *
     * @param <T> the trees' output type
     */
    static final class Builder<T extends Output<T>> {
        private final List<String> featureNames;
        private final List<Integer> roots = new ArrayList<>();
        private final List<Integer> splitFeature = new ArrayList<>();
        private final List<Double> threshold = new ArrayList<>();
        private final List<Integer> greater = new ArrayList<>();
        private final List<Integer> lessOrEqual = new ArrayList<>();

        /** @param featureNames the feature names in the order rows give them */
        Builder(List<String> featureNames) {
            this.featureNames = featureNames;
        }

        /**
         * Adds a tree.
         *
         * @param root     its root
         * @param features the feature map its split ids refer to
         * @param leaves   records a leaf's content and returns its number: 0, 1, 2... in call order
         * @throws UnsupportedModelException if a node is of a kind this class does not flatten, or splits
         *                                   on a feature the row does not have
         */
        void add(Node<T> root, ImmutableFeatureMap features, ToIntFunction<LeafNode<T>> leaves) {
            // (node, the split whose child it is, whether it is the greater child); -1: a root
            record Pending<T extends Output<T>>(Node<T> node, int parent, boolean greaterChild) {
            }
            int rootIndex = roots.size();
            roots.add(0);
            Deque<Pending<T>> work = new ArrayDeque<>();
            work.push(new Pending<>(root, -1, false));
            while (!work.isEmpty()) {
                Pending<T> p = work.pop();
                int reference;
                if (p.node() instanceof SplitNode<T> split && p.node().getClass() == SplitNode.class) {
                    reference = splitFeature.size();
                    String name = features.get(split.getFeatureID()).getName();
                    int feature = featureNames.indexOf(name);
                    if (feature < 0) {
                        throw new UnsupportedModelException("it splits on " + name + ", which is not among its features");
                    }
                    splitFeature.add(feature);
                    threshold.add(split.splitValue());
                    greater.add(0);
                    lessOrEqual.add(0);
                    // less-or-equal pushed first so that the greater subtree is numbered first, as before
                    work.push(new Pending<>(split.getLessThanOrEqual(), reference, false));
                    work.push(new Pending<>(split.getGreaterThan(), reference, true));
                } else if (p.node() instanceof LeafNode<T> leaf && p.node().getClass() == LeafNode.class) {
                    reference = ~leaves.applyAsInt(leaf);
                } else {
                    throw new UnsupportedModelException("it has a tree node of type " + p.node().getClass().getName());
                }
                if (p.parent() < 0) {
                    roots.set(rootIndex, reference);
                } else if (p.greaterChild()) {
                    greater.set(p.parent(), reference);
                } else {
                    lessOrEqual.set(p.parent(), reference);
                }
            }
        }

        FlatTrees build() {
            return new FlatTrees(this);
        }
    }
}
