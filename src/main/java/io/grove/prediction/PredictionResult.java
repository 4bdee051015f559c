package io.grove.prediction;

import io.grove.model.LoadedModel;
import java.util.List;

/**
 * Predictions for one request and the model version that made them.
 *
 * @param served      the model version that answered
 * @param predictions one prediction per input row, in input order: all {@link Prediction.Classified}
 *                    for a classifier, all {@link Prediction.Regressed} for a regressor
 */
public record PredictionResult(LoadedModel served, List<Prediction> predictions) {

    /** The model's name. */
    public String model() {
        return served.name();
    }

    /** The version that answered. */
    public String version() {
        return served.version();
    }

}
