package io.grove.format.lightgbm;

/**
 * One tree of a LightGBM model, as {@code Tree::Tree(const char*, size_t*)} reads it, checked to be a
 * proper tree. Node {@code i} (0 is the root) splits on {@code splitFeature[i]}; a child reference
 * {@code c >= 0} is a node, {@code c < 0} is leaf {@code ~c}. A tree of one leaf has no nodes.
 * The arrays are owned by the record and never modified.
 *
 * @param numLeaves     the number of leaves, at least 1
 * @param numCat        the number of categorical splits; when 0, LightGBM evaluates every node as
 *                      numerical whatever its decision type says
 * @param splitFeature  the feature each node tests
 * @param threshold     the numerical threshold of each node, or its index into {@code catBoundaries}
 * @param decisionType  each node's decision bits: categorical (1), default left (2), missing type (bits 2-3)
 * @param leftChild     each node's left child
 * @param rightChild    each node's right child
 * @param leafValue     each leaf's output, shrinkage included
 * @param catBoundaries the bitset of categorical split {@code k} is words {@code [catBoundaries[k], catBoundaries[k + 1])}
 *                      of {@code catThreshold}
 * @param catThreshold  the categorical bitsets, 32 categories a word
 */
record LightGBMTree(
        int numLeaves,
        int numCat,
        int[] splitFeature,
        double[] threshold,
        int[] decisionType,
        int[] leftChild,
        int[] rightChild,
        double[] leafValue,
        int[] catBoundaries,
        int[] catThreshold) {

    static final int CATEGORICAL_MASK = 1;
    static final int DEFAULT_LEFT_MASK = 2;
    static final int MISSING_NONE = 0;
    static final int MISSING_ZERO = 1;
    static final int MISSING_NAN = 2;

    /** The missing type of node {@code i}: {@link #MISSING_NONE}, {@link #MISSING_ZERO} or {@link #MISSING_NAN}. */
    int missingType(int i) {
        return (decisionType[i] >> 2) & 3;
    }

    boolean defaultLeft(int i) {
        return (decisionType[i] & DEFAULT_LEFT_MASK) != 0;
    }

    /** Whether LightGBM evaluates node {@code i} as a categorical split. */
    boolean categorical(int i) {
        return numCat > 0 && (decisionType[i] & CATEGORICAL_MASK) != 0;
    }

    int nodes() {
        return numLeaves - 1;
    }
}
