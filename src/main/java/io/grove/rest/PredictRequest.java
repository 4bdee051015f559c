package io.grove.rest;

import io.grove.scoring.Features;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * One row to predict.
 *
 * @param features the feature values, in the model's feature order or keyed by feature name
 */
public record PredictRequest(
        @Schema(description = "Feature values in the model's feature order (Iris: sepal_length, sepal_width, "
                + "petal_length, petal_width, in cm; each > 0), or an object keyed by feature name "
                + "({\"sepal_length\": 5.1, ...}) naming every feature once",
                example = "[5.1, 3.5, 1.4, 0.2]", oneOf = {double[].class, Object.class})
        @JsonDeserialize(using = FeaturesDeserializer.class)
        @NotNull Features features) {
}
