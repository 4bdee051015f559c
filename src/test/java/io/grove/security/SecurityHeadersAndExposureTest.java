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

    /** Every kind of answer: a prediction, malformed JSON, an invalid row, an unknown path, health, metrics. */
    @Test
    void answersCarrySecurityHeaders() {
        Reply[] replies = {api.postJson("/predict", "{\"features\":[5.1,3.5,1.4,0.2]}"),
                api.postJson("/predict", "{"), api.postJson("/predict", "{\"features\":[1,2]}"),
                api.get("/no/such/path"), api.get("/actuator/health"), api.get("/actuator/prometheus")};
        assertThat(replies).extracting(Reply::status).containsExactly(200, 400, 422, 404, 200, 200);
        for (Reply reply : replies) {
            assertThat(only(reply, "X-Content-Type-Options")).as(reply.toString()).isEqualTo("nosniff");
            assertThat(only(reply, "X-Frame-Options")).isEqualTo("DENY");
            assertThat(only(reply, "Content-Security-Policy")).isEqualTo(SecurityHeadersValve.API_POLICY);
            assertThat(only(reply, "Cache-Control")).isEqualTo("no-store");
            assertThat(only(reply, "Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(only(reply, "Cross-Origin-Resource-Policy")).isEqualTo("same-origin");
        }
    }

    @Test
    void docsGetASameOriginPolicy() {
        for (Reply reply : new Reply[] {api.get("/swagger-ui/index.html"), api.get("/swagger-ui/swagger-ui.css"),
                api.get("/v3/api-docs")}) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            assertThat(only(reply, "Content-Security-Policy")).isEqualTo(SecurityHeadersValve.DOCS_POLICY);
            assertThat(only(reply, "X-Content-Type-Options")).isEqualTo("nosniff");
        }
        // Grove leaves the docs' caching to springdoc, which lets the static files be cached.
        assertThat(api.get("/swagger-ui/swagger-ui.css").response().headers().allValues("Cache-Control"))
                .doesNotContain("no-store");
    }

    /** The header's value, asserting it was sent exactly once. */
    private static String only(Reply reply, String header) {
        assertThat(reply.response().headers().allValues(header)).as(header + " in " + reply).hasSize(1);
        return reply.header(header);
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
