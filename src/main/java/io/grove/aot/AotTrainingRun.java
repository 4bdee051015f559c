package io.grove.aot;

import io.grove.model.ModelRegistry;
import io.grove.warmup.RequestMix;
import io.grove.warmup.SelfRequests;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * A training run for the JDK's AOT cache (JEP 483, 514, 515): once ready, Grove sends itself
 * {@code grove.aot-training.requests} real HTTP requests, the mix a serving Grove answers, then
 * exits. Run as {@code java -XX:AOTCacheOutput=app.aot -jar grove.jar
 * --grove.aot-training.requests=N}; the JVM writes the cache as it exits.
 *
 * <p>Why not Spring Boot's {@code spring.context.exit=onRefresh}: the cache keeps the method
 * profiles of its training run, and the JIT compiles with them from the first second. A run that
 * stops at refresh profiles start-up code only. Measured under full load from readiness, Grove
 * started from a cache trained on served requests was as quick to be ready, and then served 17 to
 * 48% more requests per second in its second 30 s (loadtest/REPORT.md).
 *
 * <p>The mix is {@link RequestMix}'s: single rows, batches, Open Inference Protocol rows and an
 * invalid row now and then, answered 422. A 503 from admission control (a builder whose cores
 * another job is using) is sent again ({@link SelfRequests}); any other unexpected answer fails
 * the run (exit status 1), so a build never ships a cache trained on errors, e.g. on 401s because
 * API keys are required.
 */
@Component
class AotTrainingRun implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(AotTrainingRun.class);

    private final AotTrainingProperties properties;
    private final ModelRegistry models;

    AotTrainingRun(AotTrainingProperties properties, ModelRegistry models) {
        this.properties = properties;
        this.models = models;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (properties.requests() <= 0) {
            return;
        }
        int port = event.getApplicationContext().getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        long start = System.nanoTime();
        SelfRequests.Outcome outcome = new SelfRequests("127.0.0.1", port,
                RequestMix.of(models.require()), Map.of()).sendAll(properties.requests());
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (outcome.failure() == null) {
            log.info("AOT training run: {} requests answered as expected in {} ms ({} answers 503 sent again); exiting",
                    outcome.answered(), ms, outcome.retried());
        } else {
            log.error("AOT training run failed after {} ms: {}", ms, outcome.failure());
        }
        int status = outcome.failure() == null ? 0 : 1;
        System.exit(SpringApplication.exit(event.getApplicationContext(), () -> status));
    }

}
