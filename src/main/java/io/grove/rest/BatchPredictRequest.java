package io.grove.rest;

import io.grove.scoring.Features;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Many rows to predict in one call.
 *
 * @param rows the rows, each in the model's feature order or keyed by feature name
 */
public record BatchPredictRequest(
        @ArraySchema(arraySchema = @Schema(description = "Rows of feature values, each in the model's feature order "
                + "or an object keyed by feature name; 1 to grove.prediction.max-batch-rows (default 1000) rows",
                example = "[[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]"),
                schema = @Schema(oneOf = {double[].class, Object.class}))
        @JsonDeserialize(contentUsing = FeaturesDeserializer.class)
        @NotNull Features[] rows) {
}
