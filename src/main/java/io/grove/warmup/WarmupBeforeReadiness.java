package io.grove.warmup;

import io.grove.model.ModelRegistry;
import io.grove.security.AuthProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Warms Grove up through its real HTTP path before it reports ready, so that the first clients a
 * load balancer sends get full speed rather than a JVM still interpreting and compiling.
 *
 * <p>Spring Boot publishes {@link ReadinessState#ACCEPTING_TRAFFIC} right after the
 * {@link ApplicationReadyEvent} listeners return, so the readiness probe stays DOWN while this
 * listener runs. It sends Grove the {@link RequestMix} over loopback (Tomcat, the filters, JSON,
 * validation, scoring, both front ends: the code a client's request runs) until the first of:
 * {@code grove.warmup.requests} answered, {@code grove.warmup.max-time} spent, or
 * {@code grove.warmup.max-startup-fraction} of the start-up before it spent. Why through HTTP and
 * not by calling the scorer: measured, a fresh Grove served 0.12-0.14 of its steady-state
 * requests per second over its first 10 s under 100 clients, and most of a request's time is
 * Tomcat and Spring, not the model (loadtest/REPORT.md).
 *
 * <p>A warm-up that goes wrong (an unexpected answer) is logged and readiness follows anyway: a
 * slower first minute is better than no replica. With API keys on, it sends the first configured
 * key.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE) // before the AOT training run, which exits
class WarmupBeforeReadiness implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(WarmupBeforeReadiness.class);

    private final WarmupProperties properties;
    private final ModelRegistry models;
    private final AuthProperties auth;

    WarmupBeforeReadiness(WarmupProperties properties, ModelRegistry models, AuthProperties auth) {
        this.properties = properties;
        this.models = models;
        this.auth = auth;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!properties.enabled() || properties.requests() <= 0 || models.current().isEmpty()) {
            return;
        }
        Duration startup = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
        Duration budget = budget(startup);
        int port = event.getApplicationContext().getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        long start = System.nanoTime();
        SelfRequests.Outcome outcome = new SelfRequests("127.0.0.1", port,
                RequestMix.of(models.require()), apiKey().map(key -> Map.of("X-API-Key", key)).orElse(Map.of()))
                .send(properties.requests(), start + budget.toNanos());
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (outcome.failure() == null) {
            log.info("Warmed up with {} requests in {} ms (budget {} ms after a {} ms start-up); ready",
                    outcome.answered(), ms, budget.toMillis(), startup.toMillis());
        } else {
            log.warn("Warm-up stopped after {} requests in {} ms: {}; ready anyway", outcome.answered(), ms,
                    outcome.failure());
        }
    }

    /** The warm-up's time: the smaller of {@code max-time} and the fraction of the start-up so far. */
    Duration budget(Duration startup) {
        Duration share = Duration.ofNanos((long) (startup.toNanos() * properties.maxStartupFraction()));
        return share.compareTo(properties.maxTime()) < 0 ? share : properties.maxTime();
    }

    private Optional<String> apiKey() {
        if (!auth.enabled()) {
            return Optional.empty();
        }
        Optional<String> listed = auth.keys() == null ? Optional.empty()
                : auth.keys().stream().map(String::strip).filter(key -> !key.isEmpty()).findFirst();
        if (listed.isPresent() || auth.keyFile() == null) {
            return listed;
        }
        try (Stream<String> lines = Files.lines(auth.keyFile())) {
            return lines.map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
