package io.grove.prediction;

import io.grove.admission.AdmissionController;
import io.grove.admission.OverloadedException;
import io.grove.model.LoadedModel;
import io.grove.model.ModelRegistry;
import io.grove.model.ModelUnavailableException;
import io.grove.scoring.InvalidInputException;
import io.grove.scoring.Scorer.Scores;
import io.grove.scoring.Violation;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Validates rows against the served model, scores them under admission control and counts the
 * outcome. The HTTP front ends are thin adapters over this class. Thread-safe.
 */
@Service
public class PredictionService {

    /** Caps the violations reported for one request, so a bad batch cannot make a huge error body. */
    static final int MAX_REPORTED_VIOLATIONS = 100;

    private final ModelRegistry registry;
    private final AdmissionController admission;
    private final MeterRegistry meterRegistry;
    private final int maxBatchRows;
    private volatile PredictionMeters meters;

    public PredictionService(ModelRegistry registry, AdmissionController admission, MeterRegistry meterRegistry,
                             PredictionProperties properties) {
        this.registry = registry;
        this.admission = admission;
        this.meterRegistry = meterRegistry;
        this.maxBatchRows = properties.maxBatchRows();
    }

    /**
     * Predicts one row with the served model.
     *
     * @param features the feature values in the model's order
     * @throws InvalidInputException     if the row breaks the model's input rules
     * @throws ModelUnavailableException if no model is loaded
     * @throws OverloadedException       if scoring is at capacity
     */
    public PredictionResult predict(double[] features) {
        LoadedModel model = registry.require();
        model.schema().require(features, "features");
        PredictionMeters m = metersFor(model);
        long start = System.nanoTime();
        Scores scores = admission.call(() -> model.scorer().score(features));
        m.latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        m.batchSize.record(1);
        m.predicted(scores.classIndex());
        return new PredictionResult(model.name(), model.version(), List.of(toPrediction(model, scores)));
    }

    /**
     * Predicts many rows with the served model, in order.
     *
     * @param rows the rows; {@code rows[i]} holds the feature values of row {@code i}
     * @throws InvalidInputException     if there are no rows, too many, or any row breaks the rules
     * @throws ModelUnavailableException if no model is loaded
     * @throws OverloadedException       if scoring is at capacity
     */
    public PredictionResult predictBatch(double[][] rows) {
        LoadedModel model = registry.require();
        requireValid(model, rows);
        PredictionMeters m = metersFor(model);
        long start = System.nanoTime();
        Scores[] scores = admission.call(() -> {
            Scores[] out = new Scores[rows.length];
            for (int i = 0; i < rows.length; i++) {
                out[i] = model.scorer().score(rows[i]);
            }
            return out;
        });
        m.latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        m.batchSize.record(rows.length);
        Prediction[] predictions = new Prediction[rows.length];
        for (int i = 0; i < rows.length; i++) {
            m.predicted(scores[i].classIndex());
            predictions[i] = toPrediction(model, scores[i]);
        }
        return new PredictionResult(model.name(), model.version(), Arrays.asList(predictions));
    }

    private void requireValid(LoadedModel model, double[][] rows) {
        if (rows.length == 0 || rows.length > maxBatchRows) {
            throw new InvalidInputException(List.of(Violation.at("rows",
                    "must hold between 1 and " + maxBatchRows + " rows, got " + rows.length)));
        }
        List<Violation> violations = new ArrayList<>(0);
        for (int i = 0; i < rows.length && violations.size() < MAX_REPORTED_VIOLATIONS; i++) {
            model.schema().check(rows[i], "rows[" + i + "]", violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations.subList(0, Math.min(violations.size(), MAX_REPORTED_VIOLATIONS)));
        }
    }

    private static Prediction toPrediction(LoadedModel model, Scores scores) {
        return new Prediction(scores.classIndex(), model.descriptor().classes().get(scores.classIndex()), scores.proba());
    }

    private PredictionMeters metersFor(LoadedModel model) {
        PredictionMeters current = meters;
        if (current == null || current.model != model) {
            current = new PredictionMeters(model, meterRegistry);
            meters = current;
        }
        return current;
    }
}
