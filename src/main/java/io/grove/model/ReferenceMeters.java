package io.grove.model;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Publishes each version's largest deviation from its reference rows as
 * {@code grove_model_reference_deviation{model,version}}, the latest load's value, failed or not.
 * Thread-safe.
 */
@Component
public class ReferenceMeters {

    private final MeterRegistry meters;
    private final Map<String, AtomicReference<Double>> latest = new ConcurrentHashMap<>();

    public ReferenceMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(String name, String version, ReferenceCheck check) {
        latest.computeIfAbsent(name + "/" + version, key -> {
            AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
            Gauge.builder("grove.model.reference.deviation", value, AtomicReference::get)
                    .description("The largest absolute difference between the version's outputs and its reference rows "
                            + "(the training library's own outputs), at its latest load")
                    .tags("model", name, "version", version)
                    .register(meters);
            return value;
        }).set(check.maxDeviation());
    }
}
