package io.grove.scoring;

/**
 * The outcome of scoring one row: a class with its probabilities, or a value. Which one a model
 * gives is its {@link OutputKind}.
 */
public sealed interface Score {

    /**
     * A classifier's answer.
     *
     * @param classIndex the index of the predicted class in the model's class list
     * @param proba      the probability of each class, in the model's class order
     */
    record Classification(int classIndex, double[] proba) implements Score {
    }

    /**
     * A regressor's answer (one target).
     *
     * @param value the predicted value
     */
    record Regression(double value) implements Score {
    }
}
