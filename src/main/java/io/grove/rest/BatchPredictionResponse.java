package io.grove.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.grove.prediction.Prediction;
import io.grove.prediction.PredictionResult;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The answer to {@code POST /predict-batch}.
 *
 * @param predictions one prediction per input row, in input order
 * @param model       the model that answered
 * @param version     the model version that answered
 */
public record BatchPredictionResponse(
        List<Row> predictions,
        @Schema(example = "iris") String model,
        @Schema(example = "1") String version) {

    static BatchPredictionResponse of(PredictionResult result) {
        List<Row> rows = result.predictions().stream().map(BatchPredictionResponse::row).toList();
        return new BatchPredictionResponse(rows, result.model(), result.version());
    }

    private static Row row(Prediction prediction) {
        return switch (prediction) {
            case Prediction.Classified p -> new RowPrediction(p.classIndex(), p.label(), p.proba());
            case Prediction.Regressed p -> new RowValue(p.value());
        };
    }

    /** The prediction for one row: a class or a value. */
    @Schema(oneOf = {RowPrediction.class, RowValue.class})
    public sealed interface Row {
    }

    /**
     * A classifier's prediction for one row.
     *
     * @param classIndex the predicted class's index in the model's class order
     * @param label      the predicted class's label
     * @param proba      the probability of each class, in the model's class order
     */
    public record RowPrediction(
            @JsonProperty("class") @Schema(example = "0") int classIndex,
            @Schema(example = "setosa") String label,
            @Schema(example = "[1.0, 0.0, 0.0]") double[] proba) implements Row {
    }

    /**
     * A regressor's prediction for one row.
     *
     * @param prediction the predicted value
     */
    public record RowValue(@Schema(example = "152.3") double prediction) implements Row {
    }
}
