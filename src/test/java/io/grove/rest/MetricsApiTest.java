package io.grove.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.ApiClient.Reply;
import io.grove.support.GroveTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@GroveTest
class MetricsApiTest {

    @Autowired
    ApiClient api;

    @Test
    void prometheusTextCarriesHttpPredictionModelAndJvmMetrics() {
        api.postJson("/predict", "{\"features\":[5.1,3.5,1.4,0.2]}");
        api.postJson("/predict-batch", "{\"rows\":[[6.7,3.0,5.2,2.3],[5.9,3.0,4.2,1.5]]}");

        Reply reply = api.get("/actuator/prometheus");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/plain");
        assertThat(reply.body())
                .containsPattern("http_server_requests_seconds_bucket\\{.*uri=\"/predict\".*le=\"[0-9.]+\".*} [0-9]+")
                .containsPattern("grove_predictions_total\\{.*class=\"setosa\".*model=\"iris\".*version=\"1\".*} [1-9]")
                .containsPattern("grove_predictions_total\\{.*class=\"virginica\".*} [1-9]")
                .containsPattern("grove_prediction_duration_seconds_bucket\\{.*model=\"iris\"")
                .containsPattern("grove_prediction_batch_size_rows_bucket\\{.*le=\"10.0\".*} [1-9]")
                .containsPattern("grove_model_loaded\\{.*model=\"iris\".*} 1(\\.0)?")
                .containsPattern("grove_model_load_duration_seconds\\{.*model=\"iris\".*} [0-9.]+")
                .contains("grove_admission_rejected_total", "jvm_memory_used_bytes", "jvm_gc_", "process_cpu");
    }

    @Test
    void metricsIsTheSameExposition() {
        api.postJson("/predict", "{\"features\":[5.1,3.5,1.4,0.2]}");

        Reply reply = api.get("/metrics");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/plain");
        assertThat(reply.body()).contains("# TYPE http_server_requests_seconds histogram", "grove_model_loaded");
    }
}
