package io.grove.prediction;

/**
 * The answer for one row.
 *
 * @param classIndex the predicted class's index in the model's class list
 * @param label      the predicted class's label
 * @param proba      the probability of each class, in the model's class order
 */
public record Prediction(int classIndex, String label, double[] proba) {
}
