package io.grove.prediction;

import io.grove.admission.AdmissionController;
import io.grove.admission.OverloadedException;
import io.grove.model.LoadedModel;
import io.grove.model.ModelNotFoundException;
import io.grove.model.ModelRegistry;
import io.grove.model.ModelUnavailableException;
import io.grove.scoring.Features;
import io.grove.scoring.InvalidInputException;
import io.grove.scoring.Score;
import io.grove.scoring.Violation;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Service;

/**
 * Validates rows against the default model or a model addressed by name and version, scores them
 * under admission control and counts the outcome. The HTTP front ends are thin adapters over this class. Thread-safe.
 */
@Service
public class PredictionService {

    /** Caps the violations reported for one request, so a bad batch cannot make a huge error body. */
    static final int MAX_REPORTED_VIOLATIONS = 100;

    private final ModelRegistry registry;
    private final AdmissionController admission;
    private final MeterRegistry meterRegistry;
    private final int maxBatchRows;
    /** By model name, then version: looked up per request without building a key. */
    private final ConcurrentMap<String, ConcurrentMap<String, PredictionMeters>> meters = new ConcurrentHashMap<>();

    public PredictionService(ModelRegistry registry, AdmissionController admission, MeterRegistry meterRegistry,
                             PredictionProperties properties) {
        this.registry = registry;
        this.admission = admission;
        this.meterRegistry = meterRegistry;
        this.maxBatchRows = properties.maxBatchRows();
    }

    /**
     * Predicts one row with a model version.
     *
     * @param name     the model's name, or {@code null} for the default model
     * @param version  the version, or {@code null} for the model's serving version
     * @param features the feature values, positional or named
     * @throws ModelNotFoundException    if no such model or version exists
     * @throws InvalidInputException     if the row breaks the model's input rules
     * @throws ModelUnavailableException if the model version is not ready
     * @throws OverloadedException       if scoring is at capacity
     */
    public PredictionResult predict(String name, String version, Features features) {
        return predict(resolve(name, version), features);
    }

    /**
     * Predicts one row with a version already resolved, so that the row is checked and scored by the
     * version the caller looked up.
     *
     * @param model    the model version, from {@link ModelRegistry#require}
     * @param features the feature values, positional or named
     * @throws InvalidInputException if the row breaks the model's input rules
     * @throws OverloadedException   if scoring is at capacity
     */
    public PredictionResult predict(LoadedModel model, Features features) {
        double[] row = model.schema().require(features);
        PredictionMeters m = metersFor(model);
        long start = System.nanoTime();
        Score score = admission.call(() -> model.scorer().score(row));
        m.latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        m.batchSize.record(1);
        m.predicted(score);
        return new PredictionResult(model, List.of(toPrediction(model, score)));
    }

    /**
     * Predicts many rows with a model version, in order.
     *
     * @param name    the model's name, or {@code null} for the default model
     * @param version the version, or {@code null} for the model's serving version
     * @param rows    the rows, each positional or named
     * @throws ModelNotFoundException    if no such model or version exists
     * @throws InvalidInputException     if there are no rows, too many, or any row breaks the rules
     * @throws ModelUnavailableException if the model version is not ready
     * @throws OverloadedException       if scoring is at capacity
     */
    public PredictionResult predictBatch(String name, String version, Features[] rows) {
        return predictBatch(resolve(name, version), rows);
    }

    /**
     * Predicts many rows, in order, with a version already resolved (the inference protocol resolves
     * it to check the request's tensor against it first).
     *
     * @param model the model version, from {@link ModelRegistry#require}
     * @param rows  the rows, each positional or named
     * @throws InvalidInputException if there are no rows, too many, or any row breaks the rules
     * @throws OverloadedException   if scoring is at capacity
     */
    public PredictionResult predictBatch(LoadedModel model, Features[] rows) {
        double[][] arranged = requireValid(model, rows);
        PredictionMeters m = metersFor(model);
        long start = System.nanoTime();
        Score[] scores = admission.call(() -> model.scorer().scoreAll(arranged));
        m.latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        m.batchSize.record(arranged.length);
        Prediction[] predictions = new Prediction[arranged.length];
        for (int i = 0; i < arranged.length; i++) {
            m.predicted(scores[i]);
            predictions[i] = toPrediction(model, scores[i]);
        }
        return new PredictionResult(model, Arrays.asList(predictions));
    }

    private LoadedModel resolve(String name, String version) {
        return name == null ? registry.require() : registry.require(name, version);
    }

    private double[][] requireValid(LoadedModel model, Features[] rows) {
        if (rows.length == 0 || rows.length > maxBatchRows) {
            throw new InvalidInputException(List.of(Violation.ofRows(
                    "must hold between 1 and " + maxBatchRows + " rows, got " + rows.length)));
        }
        List<Violation> violations = new ArrayList<>(0);
        double[][] arranged = new double[rows.length][];
        for (int i = 0; i < rows.length && violations.size() < MAX_REPORTED_VIOLATIONS; i++) {
            arranged[i] = model.schema().arrange(rows[i], i, violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations.subList(0, Math.min(violations.size(), MAX_REPORTED_VIOLATIONS)));
        }
        return arranged;
    }

    private static Prediction toPrediction(LoadedModel model, Score score) {
        return switch (score) {
            case Score.Classification c ->
                    new Prediction.Classified(c.classIndex(), model.signature().classes().get(c.classIndex()), c.proba());
            case Score.Regression r -> new Prediction.Regressed(r.value());
        };
    }

    /** The version's meters; a reloaded version gets fresh ones, since its classes may have changed. */
    private PredictionMeters metersFor(LoadedModel model) {
        ConcurrentMap<String, PredictionMeters> versions = meters.computeIfAbsent(model.name(), n -> new ConcurrentHashMap<>());
        PredictionMeters current = versions.get(model.version());
        if (current == null || current.model != model) {
            current = new PredictionMeters(model, meterRegistry);
            versions.put(model.version(), current);
        }
        return current;
    }
}
