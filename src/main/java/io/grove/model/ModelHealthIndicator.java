package io.grove.model;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** UP once the served model is loaded and has answered its warm-up prediction; part of readiness. */
@Component("model")
class ModelHealthIndicator implements HealthIndicator {

    private final ModelRegistry registry;

    ModelHealthIndicator(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        return registry.current()
                .map(m -> Health.up().withDetail("name", m.name()).withDetail("version", m.version()).build())
                .orElseGet(() -> Health.outOfService().withDetail("reason", "no model loaded").build());
    }
}
