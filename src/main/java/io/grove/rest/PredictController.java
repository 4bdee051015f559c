package io.grove.rest;

import io.grove.http.log.RequestLogFilter;
import io.grove.prediction.PredictionResult;
import io.grove.prediction.PredictionService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Predictions with the default model. */
@RestController
@Tag(name = "Predictions")
class PredictController {

    private final PredictionService predictions;

    PredictController(PredictionService predictions) {
        this.predictions = predictions;
    }

    @Operation(summary = "Predict one row",
            description = "Validates the row against the model's feature list and constraints, then returns, for a "
                    + "classifier, the predicted class, its label and every class probability in the model's class "
                    + "order; for a regressor, the predicted value. null is a missing value, for models that define one.")
    @PostMapping(path = "/predict", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    PredictionResponse predict(@Valid @RequestBody PredictRequest request, HttpServletRequest http) {
        PredictionResult result = predictions.predict(null, null, request.features());
        RequestLogFilter.recordModel(http, result);
        return PredictionResponse.of(result);
    }

    @Operation(summary = "Predict many rows",
            description = "One prediction per row, in input order. Every row is validated; a 422 lists each bad "
                    + "row and value (rows[1][0]).")
    @PostMapping(path = "/predict-batch", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    BatchPredictionResponse predictBatch(@Valid @RequestBody BatchPredictRequest request, HttpServletRequest http) {
        PredictionResult result = predictions.predictBatch(null, null, request.rows());
        RequestLogFilter.recordModel(http, result);
        return BatchPredictionResponse.of(result);
    }
}
