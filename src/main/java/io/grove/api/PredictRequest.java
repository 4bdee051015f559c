package io.grove.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/**
 * One row to predict.
 *
 * @param features the feature values, in the model's feature order
 */
public record PredictRequest(
        @Schema(description = "Feature values in the model's feature order (Iris: sepal_length, sepal_width, "
                + "petal_length, petal_width, in cm; each > 0)", example = "[5.1, 3.5, 1.4, 0.2]")
        @NotNull double[] features) {
}
