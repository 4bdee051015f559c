package io.grove.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.grove.support.ApiClient;
import io.grove.support.ApiClient.Reply;
import io.grove.support.GroveServer;
import io.grove.support.PrometheusText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Zero-downtime reload, for real: HTTP clients call {@code /predict} at a fixed rate while new
 * versions are dropped into the model repository and loaded through the admin endpoint. Every
 * request answers 200, from the old or the new version and with that model's answer; answers move
 * to the new version and never back; a broken version never replaces the working one.
 *
 * <p>Each test runs its own Grove over its own copy of Iris version 1 in its own temporary
 * directory, so none depends on another having run, or not run, before it. How fast requests are
 * answered during a reload is measured by the benchmarks (loadtest/), not asserted here.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReloadUnderLoadTest {

    static final Path IRIS_1 = Path.of("models/iris/1");
    static final int CLIENTS = 2;
    static final Duration PERIOD = Duration.ofMillis(20); // 2 clients x 50/s = 100 requests/s
    static final String ROW = "{\"features\":[6.7,3.0,5.2,2.3]}";
    /** Answers awaited around each step, so that each step happens while the load is being served. */
    static final int ANSWERS_PER_STEP = 20;

    @TempDir
    Path dir;
    Path repository;

    @BeforeEach
    void copyIrisVersion1() throws IOException {
        repository = dir.resolve("repository");
        Path v1 = Files.createDirectories(repository.resolve("iris/1"));
        for (String file : List.of("model.tribuo", "descriptor.json")) {
            Files.copy(IRIS_1.resolve(file), v1.resolve(file));
        }
    }

    /**
     * Grove watching the repository closely, and without admission's time limits: on a busy
     * machine they would shed some of the load with 503 (as {@code OverloadTest} checks), and here
     * any answer but a 200 must mean the reload failed a request.
     */
    private GroveServer startGrove() {
        return GroveServer.start(repository, "grove.model.poll-interval=200ms",
                "grove.admission.max-dispatch-delay=0", "grove.admission.max-wait=30s");
    }

    @Test
    void reloadsUnderLoadWithoutAFailedRequest() throws Exception {
        try (GroveServer grove = startGrove()) {
            ApiClient api = grove.api();
            Load load = new Load(grove.port(), answer(api, "/predict", "1"));
            try {
                load.awaitAnswers(ANSWERS_PER_STEP);

                // a new version dropped into the repository, the way a deployment would: staged, then renamed in
                Path staged = Files.createTempDirectory(dir, "staging-");
                writeVersion(staged, "2", Files.readAllBytes(IRIS_1.resolve("model.tribuo")));
                Files.move(staged, repository.resolve("iris/2"), StandardCopyOption.ATOMIC_MOVE);
                await("every client answered by version 2", () -> load.clientsOnVersion("2") == CLIENTS);

                // the admin endpoint reloads the serving version while the same load is served
                for (int i = 0; i < 3; i++) {
                    load.awaitAnswers(ANSWERS_PER_STEP);
                    Reply reload = api.post("/admin/models/iris/versions/2/load", null, "");
                    assertThat(reload.status()).as(reload.toString()).isEqualTo(200);
                    assertThat(reload.json().get("state").asString()).isEqualTo("READY");
                }
                load.awaitAnswers(ANSWERS_PER_STEP);
            } finally {
                load.stop();
            }

            assertThat(load.failures).as("requests not answered 200 with the model's answer").isEmpty();
            assertThat(load.wentBack).as("answers that went back to an older version").isEmpty();
            assertThat(load.answeredBy).as("answers by version: from the old, then the new").containsOnlyKeys("1", "2");
            answer(api, "/predict", "2");
            JsonNode iris = api.get("/models/iris").json();
            assertThat(iris.get("version").asString()).isEqualTo("2");
            assertThat(iris.get("versions")).extracting(v -> v.get("version").asString() + " " + v.get("state").asString())
                    .containsExactly("1 READY", "2 READY");
        }
    }

    @Test
    void aBrokenVersionNeverReplacesTheServingOne(CapturedOutput output) throws Exception {
        try (GroveServer grove = startGrove()) {
            ApiClient api = grove.api();
            Load load = new Load(grove.port(), answer(api, "/predict", "1"));
            try {
                load.awaitAnswers(ANSWERS_PER_STEP);

                // a broken version written in place: it must fail and leave version 1 serving
                Path v2 = Files.createDirectories(repository.resolve("iris/2"));
                writeVersion(v2, "2", "not a Tribuo model".getBytes());
                await("version 2 FAILED", () -> state(api, "2").equals("FAILED"));
                load.awaitAnswers(ANSWERS_PER_STEP);

                // loading it through the admin endpoint fails the same way, and counts
                double failures = loadFailures(api, "2");
                Reply broken = api.post("/admin/models/iris/versions/2/load", null, "");
                assertThat(broken.status()).as(broken.toString()).isEqualTo(422);
                assertThat(broken.contentType()).startsWith("application/problem+json");
                assertThat(loadFailures(api, "2")).isEqualTo(failures + 1);
                load.awaitAnswers(ANSWERS_PER_STEP);
            } finally {
                load.stop();
            }

            assertThat(load.failures).as("requests not answered 200 with the model's answer").isEmpty();
            assertThat(load.answeredBy).as("answers by version").containsOnlyKeys("1");
            answer(api, "/predict", "1");
            JsonNode iris = api.get("/models/iris").json();
            assertThat(iris.get("version").asString()).isEqualTo("1");
            JsonNode v2 = iris.get("versions").get(1);
            assertThat(v2.get("version").asString()).isEqualTo("2");
            assertThat(v2.get("state").asString()).isEqualTo("FAILED");
            assertThat(v2.get("reason").asString()).contains("model.tribuo").doesNotContain(repository.toString());
            assertThat(api.postJson("/models/iris/versions/2/predict", ROW).status()).isEqualTo(503);
            PrometheusText metrics = PrometheusText.scrape(api);
            assertThat(metrics.value("grove_model_ready", "model", "iris", "version", "2")).isEqualTo(0.0);
            assertThat(metrics.value("grove_model_ready", "model", "iris", "version", "1")).isEqualTo(1.0);
            assertThat(output.getOut()).contains("Loading model iris version 2 failed");
        }
    }

    @Test
    void unloadedVersionAnswers503UntilLoadedAgain() throws Exception {
        writeVersion(Files.createDirectories(repository.resolve("iris/2")), "2",
                Files.readAllBytes(IRIS_1.resolve("model.tribuo")));
        try (GroveServer grove = startGrove()) {
            ApiClient api = grove.api();
            answer(api, "/models/iris/versions/1/predict", "1");

            Reply unloaded = api.post("/admin/models/iris/versions/1/unload", null, "");
            assertThat(unloaded.status()).as(unloaded.toString()).isEqualTo(200);
            assertThat(unloaded.json().get("state").asString()).isEqualTo("UNAVAILABLE");
            assertThat(api.postJson("/models/iris/versions/1/predict", ROW).status()).isEqualTo(503);
            answer(api, "/predict", "2");

            Reply loaded = api.post("/admin/models/iris/versions/1/load", null, "");
            assertThat(loaded.status()).as(loaded.toString()).isEqualTo(200);
            assertThat(loaded.json().get("state").asString()).isEqualTo("READY");
            answer(api, "/models/iris/versions/1/predict", "1");
            assertThat(api.post("/admin/models/iris/versions/9/load", null, "").status()).isEqualTo(404);
        }
    }

    @Test
    void removedVersionBecomesUnavailable() throws Exception {
        try (GroveServer grove = startGrove()) {
            ApiClient api = grove.api();
            Path v2 = Files.createDirectories(repository.resolve("iris/2"));
            writeVersion(v2, "2", Files.readAllBytes(IRIS_1.resolve("model.tribuo")));
            await("version 2 READY", () -> state(api, "2").equals("READY"));
            answer(api, "/predict", "2");

            try (Stream<Path> files = Files.walk(v2)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            await("version 2 UNAVAILABLE once removed", () -> state(api, "2").equals("UNAVAILABLE"));
            assertThat(api.postJson("/models/iris/versions/2/predict", ROW).status()).isEqualTo(503);
            answer(api, "/predict", "1");
        }
    }

    /** Predicts {@link #ROW} at {@code path}, asserting a 200 from {@code version}; answers the reply's JSON. */
    private static JsonNode answer(ApiClient api, String path, String version) {
        Reply reply = api.postJson(path, ROW);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.get("version").asString()).as(reply.toString()).isEqualTo(version);
        assertThat(json.get("label").asString()).as(reply.toString()).isEqualTo("virginica");
        return json;
    }

    private static String state(ApiClient api, String version) {
        for (JsonNode v : api.get("/models/iris").json().get("versions")) {
            if (v.get("version").asString().equals(version)) {
                return v.get("state").asString();
            }
        }
        return "ABSENT";
    }

    private static double loadFailures(ApiClient api, String version) {
        return PrometheusText.scrape(api).value("grove_model_load_failures_total", "model", "iris", "version", version);
    }

    private static void writeVersion(Path dir, String version, byte[] model) throws IOException {
        String descriptor = Files.readString(IRIS_1.resolve("descriptor.json"))
                .replace("\"version\": \"1\"", "\"version\": \"" + version + "\"");
        assertThat(descriptor).contains("\"version\": \"" + version + "\"");
        Files.write(dir.resolve("model.tribuo"), model);
        Files.writeString(dir.resolve("descriptor.json"), descriptor);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Clients calling {@code /predict} at a fixed rate, each on its own connection, checking every
     * answer against the model's answer to the same row before the load began: the same label and
     * probabilities (every version here holds the same model file), from a known version.
     */
    static final class Load {

        final JsonNode expected;
        final Queue<String> failures = new ConcurrentLinkedQueue<>();
        final Queue<String> wentBack = new ConcurrentLinkedQueue<>();
        final Map<String, LongAdder> answeredBy = new ConcurrentHashMap<>();
        final Map<Integer, String> lastVersion = new ConcurrentHashMap<>();
        final AtomicInteger answers = new AtomicInteger();
        final ScheduledExecutorService clients = Executors.newScheduledThreadPool(CLIENTS);

        Load(int port, JsonNode expected) {
            this.expected = expected;
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                ApiClient api = new ApiClient(port);
                clients.scheduleAtFixedRate(() -> call(client, api), 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private void call(int client, ApiClient api) {
            try {
                Reply reply = api.postJson("/predict", ROW);
                answers.incrementAndGet();
                if (reply.status() != 200) {
                    failures.add(reply.toString());
                    return;
                }
                JsonNode json = reply.json();
                String version = json.get("version").asString();
                if (!json.get("label").equals(expected.get("label")) || !json.get("proba").equals(expected.get("proba"))
                        || !json.get("model").equals(expected.get("model"))) {
                    failures.add("another answer: " + reply);
                }
                answeredBy.computeIfAbsent(version, v -> new LongAdder()).increment();
                String before = lastVersion.put(client, version);
                if (before != null && Long.parseLong(version) < Long.parseLong(before)) {
                    wentBack.add("client " + client + ": " + before + " -> " + version);
                }
            } catch (RuntimeException e) { // an exception would silently cancel the client's schedule
                failures.add(e.toString());
            }
        }

        long clientsOnVersion(String version) {
            return lastVersion.values().stream().filter(version::equals).count();
        }

        /** Waits for {@code n} more answers, so that the load is seen to go on being served. */
        void awaitAnswers(int n) throws InterruptedException {
            int target = answers.get() + n;
            await(n + " more answers", () -> answers.get() >= target);
        }

        void stop() throws InterruptedException {
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
