package io.grove.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.deploy.Dashboard.Query;
import io.grove.support.ApiClient;
import io.grove.support.GroveTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A real Prometheus (Debian's) with Grove's own deploy/monitoring configuration, scraping a real
 * Grove every two seconds: its alert rules load and evaluate without error, and every query of the
 * Grafana dashboard returns data.
 */
@GroveTest
class PrometheusScrapeTest {

    // Scrapes every 2 s, each allowed 2 s: a loaded CI machine may take more than a second to
    // render /actuator/prometheus. A one-minute window holds many samples.
    private static final String RATE_INTERVAL = "1m";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int grovePort;
    @TempDir
    Path dir;

    private Process prometheus;
    private ApiClient grove;
    private ApiClient query;

    @BeforeEach
    void startPrometheus() throws IOException {
        grove = new ApiClient(grovePort);
        // Grove registers its prediction meters with the first prediction; Prometheus must see
        // them before the traffic to see them increase.
        sendTraffic();
        String config = Files.readString(Path.of("deploy/monitoring/prometheus.yml"));
        String pointedAtThisGrove = config.replace("localhost:8000", "127.0.0.1:" + grovePort)
                .replace("scrape_interval: 15s", "scrape_interval: 2s\n  scrape_timeout: 2s")
                .replace("evaluation_interval: 15s", "evaluation_interval: 2s");
        assertThat(pointedAtThisGrove).as("the target and intervals to replace").contains("127.0.0.1:" + grovePort)
                .contains("scrape_interval: 2s").contains("evaluation_interval: 2s");
        Files.writeString(dir.resolve("prometheus.yml"), pointedAtThisGrove);
        Files.copy(Path.of("deploy/monitoring/alerts.yml"), dir.resolve("alerts.yml"));

        int port = freePort();
        query = new ApiClient(port);
        prometheus = new ProcessBuilder("prometheus",
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        awaitQuery("up{job=\"grove\"} == 1", result -> !result.isEmpty());
    }

    @AfterEach
    void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor();
        }
    }

    @Test
    void everyDashboardQueryReturnsDataAndTheAlertRulesEvaluate() throws IOException {
        sendTraffic();
        // The rates need two scrapes after the traffic.
        awaitQuery("sum(increase(grove_predictions_total{application=\"grove\"}[" + RATE_INTERVAL + "])) > 0",
                result -> !result.isEmpty());

        List<String> missing = new ArrayList<>();
        for (Query q : Dashboard.queries()) {
            try {
                awaitQuery(q.promql(RATE_INTERVAL), PrometheusScrapeTest::hasAFiniteValue);
            } catch (AssertionError e) {
                missing.add(q.panel() + " / " + q.refId() + ": " + e.getMessage());
            }
        }
        assertThat(missing).as("dashboard queries without data; Prometheus log:\n"
                + Files.readString(dir.resolve("prometheus.log"))).isEmpty();

        JsonNode groups = query.get("/api/v1/rules").json().at("/data/groups");
        List<JsonNode> rules = new ArrayList<>();
        groups.forEach(g -> g.get("rules").forEach(rules::add));
        assertThat(rules).hasSize(6);
        assertThat(rules).allSatisfy(r -> assertThat(r.get("health").asString()).as(r.toString()).isEqualTo("ok"));
        assertThat(rules).allSatisfy(r -> assertThat(r.get("state").asString()).as(r.toString()).isEqualTo("inactive"));
    }

    @Test
    void theDashboardsInstanceVariableListsThisGrove() {
        JsonNode values = query.get("/api/v1/label/instance/values?match[]="
                + URLEncoder.encode("grove_model_loaded{application=\"grove\"}", StandardCharsets.UTF_8)).json();

        assertThat(values.get("data").valueStream().map(JsonNode::asString)).contains("127.0.0.1:" + grovePort);
    }

    /** Predictions of each class, a batch, an invalid request, a garbage collection. */
    private void sendTraffic() {
        String[] rows = {"[5.1,3.5,1.4,0.2]", "[6.0,2.9,4.5,1.5]", "[6.3,3.3,6.0,2.5]"};
        for (int i = 0; i < 30; i++) {
            assertThat(grove.postJson("/predict", "{\"features\":" + rows[i % rows.length] + "}").status()).isEqualTo(200);
        }
        assertThat(grove.postJson("/predict-batch", "{\"rows\":[" + String.join(",", rows) + "]}").status())
                .isEqualTo(200);
        assertThat(grove.postJson("/predict", "{\"features\":[-1,2,3,4]}").status()).isEqualTo(422);
        System.gc();
    }

    private JsonNode awaitQuery(String promql, Predicate<JsonNode> accept) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                throw new AssertionError("Prometheus exited with " + prometheus.exitValue());
            }
            try {
                ApiClient.Reply reply = query.get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
                if (reply.status() == 200) {
                    last = reply.json();
                    assertThat(last.get("status").asString()).isEqualTo("success");
                    if (accept.test(last.at("/data/result"))) {
                        return last;
                    }
                } else if (reply.status() == 400) {
                    throw new AssertionError(promql + ": " + reply.body());
                }
            } catch (java.io.UncheckedIOException notUpYet) {
                // Prometheus is still starting.
            }
            sleep(Duration.ofMillis(250));
        }
        throw new AssertionError("no data within " + PATIENCE.toSeconds() + " s for " + promql + "; last answer "
                + last + "; scrape target: " + query.get("/api/v1/targets").json().at("/data/activeTargets"));
    }

    private static boolean hasAFiniteValue(JsonNode result) {
        for (JsonNode series : result) {
            double value = Double.parseDouble(series.at("/value/1").asString());
            if (Double.isFinite(value)) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
