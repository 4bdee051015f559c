package io.grove.prediction;

/** The answer for one row: a class, or a value. */
public sealed interface Prediction {

    /**
     * A classifier's answer.
     *
     * @param classIndex the predicted class's index in the model's class list
     * @param label      the predicted class's label
     * @param proba      the probability of each class, in the model's class order
     */
    record Classified(int classIndex, String label, double[] proba) implements Prediction {
    }

    /**
     * A regressor's answer.
     *
     * @param value the predicted value
     */
    record Regressed(double value) implements Prediction {
    }
}
