package io.grove.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.model.ModelRegistry;
import io.grove.support.ApiClient;
import io.grove.support.ApiClient.Reply;
import io.grove.support.GroveTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

@GroveTest
class HealthApiTest {

    @Autowired
    ModelRegistry registry;
    @Autowired
    ApiClient api;

    @Test
    void healthSaysTheModelIsLoaded() {
        Reply reply = api.get("/health");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("status").asString()).isEqualTo("ok");
        assertThat(reply.json().get("model_loaded").asBoolean()).isTrue();
    }

    @Test
    void kubernetesProbesAreUp() {
        assertThat(api.get("/actuator/health/liveness").json().get("status").asString()).isEqualTo("UP");
        Reply readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    @DirtiesContext
    void withoutAModelHealthAndReadinessAre503AndPredictionsAreRefused() {
        registry.unload();
        try {
            Reply health = api.get("/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("model_loaded").asBoolean()).isFalse();

            assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(503);
            assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);

            Reply predict = api.postJson("/predict", "{\"features\":[5.1,3.5,1.4,0.2]}");
            assertThat(predict.status()).isEqualTo(503);
            assertThat(predict.header("Retry-After")).isNotBlank();
            assertThat(predict.contentType()).startsWith("application/problem+json");
        } finally {
            registry.reload();
        }
        assertThat(api.get("/health").status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
    }
}
