package io.grove.format.lightgbm;

import io.grove.format.ModelFormatException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads one {@code Tree=} block of a LightGBM model text, as {@code Tree::Tree(const char*, size_t*)}
 * does, and checks what LightGBM trusts: every count against its list, every child reference in range,
 * every node and leaf reached exactly once from the root (so no walk can loop), every feature index
 * within {@code max_feature_idx}, every threshold a number (finite, or the {@code inf} LightGBM writes
 * for a last bin's bound) and every leaf value finite, every categorical split's bitset in range.
 */
final class TreeReader {

    /** LightGBM reads at most this many {@code key=value} lines per tree. */
    private static final int MAX_LINES = 22;

    private TreeReader() {
    }

    /** A parsed tree and the offset just past its block (at its terminating blank line, or the end). */
    record Parsed(LightGBMTree tree, int end) {
    }

    /**
     * @param text         the whole model text, one char per byte
     * @param start        where the tree's first {@code key=value} line begins
     * @param maxFeatureIdx the model's largest feature index
     * @param index        the tree's position, for messages
     */
    static Parsed read(String text, int start, int maxFeatureIdx, int index) {
        Map<String, String> keys = new HashMap<>();
        int p = start;
        int n = text.length();
        int lines = 0;
        while (p < n && text.charAt(p) != '\r' && text.charAt(p) != '\n') {
            if (lines == MAX_LINES) {
                throw new ModelFormatException("tree " + index + " has more than " + MAX_LINES + " lines");
            }
            int eol = ModelReader.lineEnd(text, p);
            int eq = text.indexOf('=', p);
            if (eq < 0 || eq >= eol) {
                throw new ModelFormatException("tree " + index + " has a line without '=': " + Numbers.shorten(text.substring(p, eol)));
            }
            keys.put(text.substring(p, eq), text.substring(eq + 1, eol));
            lines++;
            p = ModelReader.skipNewLine(text, eol);
        }
        try {
            return new Parsed(build(keys, maxFeatureIdx), p);
        } catch (ModelFormatException e) {
            throw new ModelFormatException("tree " + index + ": " + e.getMessage(), e);
        }
    }

    private static LightGBMTree build(Map<String, String> keys, int maxFeatureIdx) {
        int numLeaves = Numbers.parseInt(required(keys, "num_leaves"), "num_leaves");
        int numCat = Numbers.parseInt(required(keys, "num_cat"), "num_cat");
        if (numLeaves < 1) {
            throw new ModelFormatException("num_leaves " + numLeaves + " is less than 1");
        }
        if (numCat < 0) {
            throw new ModelFormatException("num_cat " + numCat + " is negative");
        }
        double[] leafValue = Numbers.doubles(required(keys, "leaf_value"), numLeaves, "leaf_value");
        if (keys.containsKey("is_linear") && Numbers.parseInt(keys.get("is_linear"), "is_linear") != 0) {
            throw new ModelFormatException("it is a linear tree (linear_tree=true), which Grove does not serve");
        }
        int nodes = numLeaves - 1;
        if (nodes == 0) {
            return new LightGBMTree(1, numCat, new int[0], new double[0], new int[0], new int[0], new int[0], leafValue,
                    new int[0], new int[0]);
        }
        int[] left = Numbers.ints(required(keys, "left_child"), nodes, "left_child");
        int[] right = Numbers.ints(required(keys, "right_child"), nodes, "right_child");
        int[] feature = Numbers.ints(required(keys, "split_feature"), nodes, "split_feature");
        double[] threshold = Numbers.thresholds(required(keys, "threshold"), nodes, "threshold");
        int[] decision = keys.containsKey("decision_type")
                ? Numbers.ints(keys.get("decision_type"), nodes, "decision_type") : new int[nodes];
        int[] catBoundaries = new int[0];
        int[] catThreshold = new int[0];
        if (numCat > 0) {
            if (numCat > nodes) {
                throw new ModelFormatException("num_cat " + numCat + " exceeds its " + nodes + " splits");
            }
            catBoundaries = Numbers.ints(required(keys, "cat_boundaries"), numCat + 1, "cat_boundaries");
            if (catBoundaries[0] != 0) {
                throw new ModelFormatException("cat_boundaries does not start at 0");
            }
            for (int k = 0; k < numCat; k++) {
                if (catBoundaries[k + 1] < catBoundaries[k]) {
                    throw new ModelFormatException("cat_boundaries decreases at " + (k + 1));
                }
            }
            long[] words = Numbers.longs(required(keys, "cat_threshold"), catBoundaries[numCat], "cat_threshold");
            catThreshold = new int[words.length];
            for (int w = 0; w < words.length; w++) {
                if (words[w] < 0 || words[w] > 0xFFFF_FFFFL) {
                    throw new ModelFormatException("cat_threshold " + words[w] + " is not a 32-bit unsigned word");
                }
                catThreshold[w] = (int) words[w];
            }
        }
        LightGBMTree tree = new LightGBMTree(numLeaves, numCat, feature, threshold, decision, left, right, leafValue,
                catBoundaries, catThreshold);
        checkNodes(tree, maxFeatureIdx);
        checkShape(tree);
        return tree;
    }

    private static void checkNodes(LightGBMTree tree, int maxFeatureIdx) {
        for (int i = 0; i < tree.nodes(); i++) {
            int f = tree.splitFeature()[i];
            if (f < 0 || f > maxFeatureIdx) {
                throw new ModelFormatException("node " + i + " splits on feature " + f + ", beyond max_feature_idx " + maxFeatureIdx);
            }
            int d = tree.decisionType()[i];
            if (d < 0 || d > 15 || (d >> 2) == 3) {
                throw new ModelFormatException("node " + i + " has an unknown decision_type " + d);
            }
            if (tree.categorical(i)) {
                double t = tree.threshold()[i];
                if (t != Math.rint(t) || t < 0 || t >= tree.numCat()) {
                    throw new ModelFormatException("categorical node " + i + " refers to categorical split " + t
                            + " of " + tree.numCat());
                }
            }
        }
    }

    /**
     * Walks the tree from its root with an explicit stack and requires every node and every leaf to be
     * reached exactly once: then it is a tree, and evaluation ends within {@code num_leaves - 1} steps.
     */
    private static void checkShape(LightGBMTree tree) {
        int nodes = tree.nodes();
        boolean[] seenNode = new boolean[nodes];
        boolean[] seenLeaf = new boolean[tree.numLeaves()];
        int[] stack = new int[nodes];
        int top = 0;
        stack[top++] = 0;
        seenNode[0] = true;
        int reachedLeaves = 0;
        while (top > 0) {
            int node = stack[--top];
            for (int child : new int[] {tree.leftChild()[node], tree.rightChild()[node]}) {
                if (child >= 0) {
                    if (child >= nodes) {
                        throw new ModelFormatException("node " + node + " has child " + child + ", beyond its " + nodes + " nodes");
                    }
                    if (seenNode[child]) {
                        throw new ModelFormatException("node " + child + " is reached twice: the tree has a loop or a shared node");
                    }
                    seenNode[child] = true;
                    stack[top++] = child;
                } else {
                    int leaf = ~child;
                    if (leaf >= tree.numLeaves()) {
                        throw new ModelFormatException("node " + node + " has leaf " + leaf + ", beyond its " + tree.numLeaves() + " leaves");
                    }
                    if (seenLeaf[leaf]) {
                        throw new ModelFormatException("leaf " + leaf + " is reached twice");
                    }
                    seenLeaf[leaf] = true;
                    reachedLeaves++;
                }
            }
        }
        if (reachedLeaves != tree.numLeaves()) {
            throw new ModelFormatException("only " + reachedLeaves + " of its " + tree.numLeaves() + " leaves are reachable");
        }
    }

    private static String required(Map<String, String> keys, String key) {
        String value = keys.get(key);
        if (value == null) {
            throw new ModelFormatException("it has no " + key + " line");
        }
        return value;
    }
}
