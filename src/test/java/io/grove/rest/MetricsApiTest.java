package io.grove.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.ApiClient.Reply;
import io.grove.support.GroveTest;
import io.grove.support.PrometheusText;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Prometheus exposition counts each request: every check is what this test's own requests
 * added between a scrape before and a scrape after them, by exactly as much as they should.
 *
 * <p>Why an exact difference holds although the {@link GroveTest} context, and so its counters,
 * is shared with other test classes: JUnit runs one test at a time here (no parallel execution is
 * configured), and each test has its answers before it ends, so no other test's request is in
 * progress between the two scrapes.
 */
@GroveTest
class MetricsApiTest {

    static final String SETOSA = "[5.1,3.5,1.4,0.2]";
    static final String VIRGINICA = "[6.7,3.0,5.2,2.3]";
    static final String VERSICOLOR = "[5.9,3.0,4.2,1.5]";
    /** How long Grove may take to record a request's timer once the client has its answer. */
    static final Duration RECORDED = Duration.ofSeconds(10);

    @Autowired
    ApiClient api;

    @Test
    void countsItsOwnPredictionsByClassRouteAndBatchSize() throws InterruptedException {
        PrometheusText before = PrometheusText.scrape(api);

        Reply one = api.postJson("/predict", "{\"features\":" + SETOSA + "}");
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.json().get("label").asString()).isEqualTo("setosa");
        Reply batch = api.postJson("/predict-batch", "{\"rows\":[" + VIRGINICA + "," + VERSICOLOR + "]}");
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.json().get("predictions")).extracting(p -> p.get("label").asString())
                .containsExactly("virginica", "versicolor");
        Reply invalid = api.postJson("/predict", "{\"features\":[-1,3.5,1.4,0.2]}");
        assertThat(invalid.status()).as(invalid.toString()).isEqualTo(422);

        PrometheusText after = awaitTimed(before, "/predict", "200", "/predict-batch", "200", "/predict", "422");

        String[] iris1 = {"model", "iris", "version", "1"};
        assertThat(added(before, after, "grove_predictions_total", with(iris1, "class", "setosa"))).isEqualTo(1);
        assertThat(added(before, after, "grove_predictions_total", with(iris1, "class", "virginica"))).isEqualTo(1);
        assertThat(added(before, after, "grove_predictions_total", with(iris1, "class", "versicolor"))).isEqualTo(1);
        // a request refused by validation is never scored
        assertThat(added(before, after, "grove_prediction_duration_seconds_count", iris1)).isEqualTo(2);
        assertThat(added(before, after, "grove_prediction_batch_size_rows_count", iris1)).isEqualTo(2);
        assertThat(added(before, after, "grove_prediction_batch_size_rows_sum", iris1)).isEqualTo(3);
        assertThat(added(before, after, "grove_prediction_batch_size_rows_bucket", with(iris1, "le", "1.0"))).isEqualTo(1);
        assertThat(added(before, after, "grove_prediction_batch_size_rows_bucket", with(iris1, "le", "10.0"))).isEqualTo(2);
        assertThat(added(before, after, "grove_prediction_duration_seconds_bucket", with(iris1, "le", "+Inf")))
                .isEqualTo(2);

        assertThat(timed(after, "/predict", "200") - timed(before, "/predict", "200")).isEqualTo(1);
        assertThat(timed(after, "/predict-batch", "200") - timed(before, "/predict-batch", "200")).isEqualTo(1);
        assertThat(timed(after, "/predict", "422") - timed(before, "/predict", "422")).isEqualTo(1);
        assertThat(added(before, after, "http_server_requests_seconds_bucket",
                "method", "POST", "uri", "/predict", "status", "200", "le", "+Inf")).isEqualTo(1);
        assertThat(after.series("http_server_requests_seconds_bucket", "uri", "/predict", "status", "200"))
                .as("a histogram: buckets besides +Inf").hasSizeGreaterThan(1);
        assertThat(added(before, after, "grove_admission_rejected_total")).as("admitted, not rejected").isZero();
    }

    @Test
    void showsTheServedModelAndTheJvm() {
        PrometheusText metrics = PrometheusText.scrape(api);

        assertThat(metrics.value("grove_model_loaded", "model", "iris")).isEqualTo(1.0);
        assertThat(metrics.value("grove_model_ready", "model", "iris", "version", "1")).isEqualTo(1.0);
        assertThat(metrics.value("grove_model_load_duration_seconds", "model", "iris")).isPositive().isFinite();
        assertThat(metrics.series("grove_admission_rejected_total")).extracting(s -> s.labels().get("reason"))
                .contains("queue_full", "timeout", "max_requests", "dispatch_delay");
        assertThat(metrics.families()).contains("jvm_memory_used_bytes", "jvm_gc_live_data_size_bytes", "process_cpu_usage");
    }

    /**
     * {@code /metrics} is the same exposition, live: it declares the families that
     * {@code /actuator/prometheus} declares just before and just after it (families are only ever
     * added), and it counts a prediction made between two reads of it.
     */
    @Test
    void metricsIsTheSameExpositionLive() {
        PrometheusText actuatorBefore = PrometheusText.scrape(api);
        PrometheusText before = PrometheusText.scrape(api, "/metrics");
        Reply reply = api.postJson("/predict", "{\"features\":" + SETOSA + "}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        PrometheusText after = PrometheusText.scrape(api, "/metrics");
        PrometheusText actuatorAfter = PrometheusText.scrape(api);

        assertThat(before.families()).containsAll(actuatorBefore.families());
        assertThat(actuatorAfter.families()).containsAll(after.families());
        assertThat(before.families()).contains("http_server_requests_seconds", "grove_model_loaded");
        assertThat(added(before, after, "grove_predictions_total", "model", "iris", "version", "1", "class", "setosa"))
                .isEqualTo(1);
    }

    /** What a counter (or the sum of the matching series) gained from one scrape to the next. */
    private static double added(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static double timed(PrometheusText metrics, String uri, String status) {
        return metrics.sum("http_server_requests_seconds_count", "method", "POST", "uri", uri, "status", status);
    }

    /**
     * Scrapes until each (route, status) pair given has gained one request in the HTTP timer, which
     * Grove records as the request leaves its filters, possibly just after the client read the answer.
     * A count that overshoots is left for the caller's exact assertion to report.
     */
    private PrometheusText awaitTimed(PrometheusText before, String... routesAndStatuses) throws InterruptedException {
        long deadline = System.nanoTime() + RECORDED.toNanos();
        while (true) {
            PrometheusText now = PrometheusText.scrape(api);
            boolean all = true;
            for (int i = 0; i < routesAndStatuses.length; i += 2) {
                String uri = routesAndStatuses[i];
                String status = routesAndStatuses[i + 1];
                all &= timed(now, uri, status) > timed(before, uri, status);
            }
            if (all || System.nanoTime() > deadline) {
                return now;
            }
            Thread.sleep(20);
        }
    }

    private static String[] with(String[] labels, String... more) {
        String[] all = Arrays.copyOf(labels, labels.length + more.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }
}
