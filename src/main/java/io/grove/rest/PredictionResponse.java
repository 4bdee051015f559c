package io.grove.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.grove.prediction.Prediction;
import io.grove.prediction.PredictionResult;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer to {@code POST /predict}: a classifier's class and probabilities, or a regressor's value.
 */
@Schema(oneOf = {PredictionResponse.Classified.class, PredictionResponse.Regressed.class})
public sealed interface PredictionResponse {

    static PredictionResponse of(PredictionResult result) {
        return switch (result.predictions().getFirst()) {
            case Prediction.Classified p ->
                    new Classified(p.classIndex(), p.label(), p.proba(), result.model(), result.version());
            case Prediction.Regressed p -> new Regressed(p.value(), result.model(), result.version());
        };
    }

    /**
     * A classifier's answer.
     *
     * @param classIndex the predicted class's index in the model's class order
     * @param label      the predicted class's label
     * @param proba      the probability of each class, in the model's class order
     * @param model      the model that answered
     * @param version    the model version that answered
     */
    @Schema(name = "ClassPrediction")
    record Classified(
            @JsonProperty("class") @Schema(example = "0") int classIndex,
            @Schema(example = "setosa") String label,
            @Schema(description = "Class probabilities in the model's class order (Iris: setosa, versicolor, virginica)",
                    example = "[1.0, 0.0, 0.0]") double[] proba,
            @Schema(example = "iris") String model,
            @Schema(example = "1") String version) implements PredictionResponse {
    }

    /**
     * A regressor's answer.
     *
     * @param prediction the predicted value
     * @param model      the model that answered
     * @param version    the model version that answered
     */
    @Schema(name = "ValuePrediction")
    record Regressed(
            @Schema(example = "152.3") double prediction,
            @Schema(example = "diabetes") String model,
            @Schema(example = "1") String version) implements PredictionResponse {
    }
}
