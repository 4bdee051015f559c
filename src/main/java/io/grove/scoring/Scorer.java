package io.grove.scoring;

/**
 * Turns one validated feature row into class probabilities. Implementations are immutable and
 * thread-safe; they are built once when a model is loaded.
 */
public interface Scorer {

    /**
     * Scores one row.
     *
     * @param features the feature values in the descriptor's order; already validated
     * @return the predicted class and the probabilities, both in the descriptor's class order
     */
    Scores score(double[] features);

    /** A short name for logs and metadata, such as {@code tribuo}. */
    String kind();

    /**
     * The outcome of scoring one row.
     *
     * @param classIndex the index of the predicted class in the descriptor's class list
     * @param proba      the probability of each class, in the descriptor's class order
     */
    record Scores(int classIndex, double[] proba) {
    }
}
