package io.grove.prediction;

import io.grove.model.LoadedModel;
import io.grove.scoring.OutputKind;
import io.grove.scoring.Score;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * The meters of one model version, registered once when the version is first served so that a
 * request only increments what already exists: for a classifier, predictions counted by class; for a
 * regressor, a histogram of the predicted values.
 */
final class PredictionMeters {

    final LoadedModel model;
    final Timer latency;
    final DistributionSummary batchSize;
    private final Counter[] byClass;
    private final DistributionSummary values;

    PredictionMeters(LoadedModel model, MeterRegistry meters) {
        this.model = model;
        this.latency = Timer.builder("grove.prediction.duration")
                .description("Time to validate-free score a request's rows, including any wait for a slot")
                .tags("model", model.name(), "version", model.version())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(500))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(meters);
        this.batchSize = DistributionSummary.builder("grove.prediction.batch.size")
                .description("Rows per prediction request")
                .baseUnit("rows")
                .tags("model", model.name(), "version", model.version())
                .serviceLevelObjectives(1, 10, 100, 1000, 10000)
                .register(meters);
        List<String> classes = model.signature().classes();
        this.byClass = new Counter[classes.size()];
        for (int i = 0; i < byClass.length; i++) {
            byClass[i] = Counter.builder("grove.predictions")
                    .description("Predictions made, by model and predicted class")
                    .tags("model", model.name(), "version", model.version(), "class", classes.get(i))
                    .register(meters);
        }
        // Micrometer's histogram buckets are positive: a negative prediction counts in the lowest bucket
        this.values = model.signature().output() != OutputKind.REGRESSION ? null
                : DistributionSummary.builder("grove.prediction.value")
                        .description("Values a regressor predicted (negative values count in the lowest bucket)")
                        .tags("model", model.name(), "version", model.version())
                        .publishPercentileHistogram()
                        .register(meters);
    }

    void predicted(Score score) {
        switch (score) {
            case Score.Classification c -> byClass[c.classIndex()].increment();
            case Score.Regression r -> values.record(r.value());
        }
    }
}
