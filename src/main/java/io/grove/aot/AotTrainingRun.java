package io.grove.aot;

import io.grove.model.LoadedModel;
import io.grove.model.ModelRegistry;
import io.grove.scoring.InputSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
 * <p>The mix: single rows of the default model, near its descriptor's example but varied so that
 * the model's branches are profiled both ways; every 20th request a 100-row batch; every 100th an
 * invalid row, answered 422. Any other answer fails the run (exit status 1), so a build never
 * ships a cache trained on errors, e.g. on 401s because API keys are required.
 */
@Component
class AotTrainingRun implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(AotTrainingRun.class);
    private static final int SENDERS = 4;
    private static final int BATCH_ROWS = 100;
    private static final double LN_4 = Math.log(4);

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
        String failure = train(URI.create("http://127.0.0.1:" + port));
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (failure == null) {
            log.info("AOT training run: {} requests answered as expected in {} ms; exiting", properties.requests(), ms);
        } else {
            log.error("AOT training run failed after {} ms: {}", ms, failure);
        }
        int status = failure == null ? 0 : 1;
        System.exit(SpringApplication.exit(event.getApplicationContext(), () -> status));
    }

    /**
     * Sends the requests from a few threads at once, each making its share as it goes; the first
     * unexpected answer, or {@code null}.
     */
    private String train(URI base) {
        LoadedModel model = models.require();
        double[] example = model.signature().example().stream().mapToDouble(Double::doubleValue).toArray();
        SplittableRandom seed = new SplittableRandom(42);
        AtomicReference<String> failure = new AtomicReference<>();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                ExecutorService pool = Executors.newFixedThreadPool(SENDERS)) {
            List<Callable<Void>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int first = s;
                SplittableRandom random = seed.split();
                senders.add(() -> {
                    for (int i = first; i < properties.requests() && failure.get() == null; i += SENDERS) {
                        String wrong = send(client, base, request(i, model.schema(), example, random));
                        if (wrong != null) {
                            failure.compareAndSet(null, wrong);
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> sender : pool.invokeAll(senders)) {
                sender.get();
            }
        } catch (Exception e) {
            failure.compareAndSet(null, e.toString());
        }
        return failure.get();
    }

    private static String send(HttpClient client, URI base, Request request) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve(request.path()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.body()))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == request.expectedStatus() ? null
                : "POST " + request.path() + " answered " + response.statusCode() + ", expected "
                        + request.expectedStatus() + ": " + response.body();
    }

    /** The {@code i}-th request of the mix. */
    private static Request request(int i, InputSchema schema, double[] example, SplittableRandom random) {
        if (i % 100 == 99) {
            return new Request("/predict", "{\"features\":[]}", 422);
        } else if (i % 20 == 10) {
            String rows = IntStream.range(0, BATCH_ROWS)
                    .mapToObj(r -> json(near(example, schema, random)))
                    .collect(Collectors.joining(",", "{\"rows\":[", "]}"));
            return new Request("/predict-batch", rows, 200);
        }
        return new Request("/predict", "{\"features\":" + json(near(example, schema, random)) + "}", 200);
    }

    /**
     * The example with each value scaled by its own factor between a quarter and four, or the
     * example itself if that breaks one of the model's input rules.
     */
    private static double[] near(double[] example, InputSchema schema, SplittableRandom random) {
        double[] row = new double[example.length];
        for (int i = 0; i < row.length; i++) {
            row[i] = example[i] * Math.exp(random.nextDouble(-LN_4, LN_4));
        }
        return schema.isValid(row) ? row : example;
    }

    private static String json(double[] row) {
        return Arrays.stream(row).mapToObj(Double::toString).collect(Collectors.joining(",", "[", "]"));
    }

    private record Request(String path, String body, int expectedStatus) {
    }
}
