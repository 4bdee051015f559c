package io.grove.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.ApiClient.Reply;
import io.grove.support.PrometheusText;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "grove.shutdown.drain-delay=0s",
        "grove.auth.enabled=true",
        "grove.auth.keys=" + ApiKeyAuthTest.KEY + ",second-key-0123456789",
        "grove.auth.protect-metrics=true"})
class ApiKeyAuthTest {

    static final String KEY = "test-key-9f8e7d6c5b4a";
    static final String ROW = "{\"features\":[5.1,3.5,1.4,0.2]}";

    @LocalServerPort
    int port;
    ApiClient api;

    @BeforeEach
    void connect() {
        api = new ApiClient(port);
    }

    private Reply post(String path, String header, String value) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ROW));
        if (header != null) {
            request.header(header, value);
        }
        return api.send(request);
    }

    private Reply get(String path, String header, String value) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + path)).GET();
        if (header != null) {
            request.header(header, value);
        }
        return api.send(request);
    }

    @Test
    void predictionWithoutKeyIs401ProblemWithChallenge() {
        Reply reply = post("/predict", null, null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(reply.json().get("status").asInt()).isEqualTo(401);
        assertThat(reply.json().get("instance").asString()).isEqualTo("/predict");
        assertThat(reply.body()).doesNotContain(KEY);
    }

    @Test
    void eitherKeyIsAcceptedInEitherHeader() {
        assertThat(post("/predict", "X-API-Key", KEY).status()).isEqualTo(200);
        assertThat(post("/predict", "Authorization", "Bearer second-key-0123456789").status()).isEqualTo(200);
        assertThat(post("/predict-batch", "X-API-Key", KEY).status()).isIn(200, 400, 422);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "wrong", "test-key-9f8e7d6c5b4", "test-key-9f8e7d6c5b4a0", "TEST-KEY-9F8E7D6C5B4A"})
    void wrongKeyIs401(String key) {
        assertThat(post("/predict", "X-API-Key", key).status()).isEqualTo(401);
        assertThat(post("/predict", "Authorization", "Bearer " + key).status()).isEqualTo(401);
    }

    @Test
    void basicAuthIsNotAKey() {
        assertThat(post("/predict", "Authorization", "Basic " + KEY).status()).isEqualTo(401);
    }

    /** Paths that Spring MVC or Tomcat route to a protected handler must not slip past the filter. */
    @ParameterizedTest
    @ValueSource(strings = {"/predict", "/pre%64ict", "/predict;x=1", "/./predict", "/foo/../predict",
            "/predict-batch", "/models/iris/predict", "/models/iris/versions/1/predict", "/admin/reload",
            "/v2/models/iris/infer", "/v2/models/iris/versions/1/infer", "/metrics", "/actuator/prometheus"})
    void everyGuardedRouteNeedsAKey(String path) {
        Reply reply = path.startsWith("/metrics") || path.startsWith("/actuator")
                ? get(path, null, null) : post(path, null, null);

        assertThat(reply.status()).as(path).isEqualTo(401);
    }

    /** Each refusal is counted: by exactly the two this test makes, as its context is its own and tests run one at a time. */
    @Test
    void metricsAnswerWithAKeyAndCountEachRefusal() {
        double before = rejected();

        assertThat(post("/predict", null, null).status()).isEqualTo(401);
        assertThat(post("/predict", "X-API-Key", "wrong").status()).isEqualTo(401);

        assertThat(rejected() - before).isEqualTo(2);
    }

    private double rejected() {
        Reply reply = get("/actuator/prometheus", "X-API-Key", KEY);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return PrometheusText.parse(reply.body()).value("grove_auth_rejected_total");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness"})
    void healthProbesStayOpen(String path) {
        assertThat(get(path, null, null).status()).as(path).isEqualTo(200);
    }
}
