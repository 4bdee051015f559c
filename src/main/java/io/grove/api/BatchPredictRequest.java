package io.grove.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/**
 * Many rows to predict in one call.
 *
 * @param rows the rows, each in the model's feature order
 */
public record BatchPredictRequest(
        @Schema(description = "Rows of feature values, each in the model's feature order; 1 to "
                + "grove.prediction.max-batch-rows (default 1000) rows",
                example = "[[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]")
        @NotNull double[][] rows) {
}
