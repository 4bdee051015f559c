package io.grove.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.ApiClient.Reply;
import io.grove.support.GroveTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

@GroveTest
class SecurityHeadersAndExposureTest {

    @Autowired
    ApiClient api;

    @Test
    void answersCarrySecurityHeaders() {
        for (Reply reply : new Reply[] {api.postJson("/predict", "{\"features\":[5.1,3.5,1.4,0.2]}"),
                api.postJson("/predict", "{"), api.get("/no/such/path"), api.get("/actuator/health")}) {
            assertThat(reply.header("X-Content-Type-Options")).as(reply.toString()).isEqualTo("nosniff");
            assertThat(reply.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(reply.header("Content-Security-Policy")).startsWith("default-src 'none'");
            assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
            assertThat(reply.header("Referrer-Policy")).isEqualTo("no-referrer");
        }
    }

    @Test
    void authIsOffByDefault() {
        assertThat(api.postJson("/predict", "{\"features\":[5.1,3.5,1.4,0.2]}").status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/env", "/actuator/beans", "/actuator/heapdump", "/actuator/threaddump",
            "/actuator/shutdown", "/actuator/configprops", "/actuator/mappings", "/actuator/loggers",
            "/actuator/metrics", "/actuator/conditions", "/actuator/scheduledtasks"})
    void onlyHealthInfoAndPrometheusAreExposed(String path) {
        Reply get = api.get(path);
        Reply post = api.postJson(path, "{}");

        assertThat(get.status()).as(path).isEqualTo(404);
        assertThat(post.status()).as(path).isIn(404, 405);
        assertThat(get.contentType()).startsWith("application/problem+json");
    }

    @Test
    void actuatorIndexListsOnlyTheExposedEndpoints() {
        Reply reply = api.get("/actuator");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("_links").propertyNames())
                .allMatch(name -> name.equals("self") || name.startsWith("health") || name.equals("info")
                        || name.equals("prometheus"));
    }

    @Test
    void longUriIs414Problem() {
        Reply reply = api.get("/predict?" + "a".repeat(5000));

        assertThat(reply.status()).isEqualTo(414);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("instance").asString()).isEqualTo("/predict");
    }
}
