package io.grove.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.grove.prediction.Prediction;
import io.grove.prediction.PredictionResult;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer to {@code POST /predict}.
 *
 * @param classIndex the predicted class's index in the model's class order
 * @param label      the predicted class's label
 * @param proba      the probability of each class, in the model's class order
 * @param model      the model that answered
 * @param version    the model version that answered
 */
public record PredictionResponse(
        @JsonProperty("class") @Schema(example = "0") int classIndex,
        @Schema(example = "setosa") String label,
        @Schema(description = "Class probabilities in the model's class order (Iris: setosa, versicolor, virginica)",
                example = "[1.0, 0.0, 0.0]") double[] proba,
        @Schema(example = "iris") String model,
        @Schema(example = "1") String version) {

    static PredictionResponse of(PredictionResult result) {
        Prediction p = result.predictions().getFirst();
        return new PredictionResponse(p.classIndex(), p.label(), p.proba(), result.model(), result.version());
    }
}
