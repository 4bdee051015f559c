package io.grove.prediction;

import java.util.List;

/**
 * Predictions for one request and the model version that made them.
 *
 * @param model       the model's name
 * @param version     the model's version
 * @param predictions one prediction per input row, in input order
 */
public record PredictionResult(String model, String version, List<Prediction> predictions) {
}
