package io.grove.http.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.GroveTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Each request is timed exactly once in {@code http_server_requests_seconds}: by Grove's timer, with
 * Spring's observation filter not registered at all.
 */
@GroveTest
class HttpRequestMetricsTest {

    private static final Pattern PREDICT_200 = Pattern.compile(
            "http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\"200\"[^}]*uri=\"/predict\"[^}]*} ([0-9.]+)");

    static double predictions(ApiClient api) {
        Matcher count = PREDICT_200.matcher(api.get("/actuator/prometheus").body());
        return count.find() ? Double.parseDouble(count.group(1)) : 0;
    }

    static void assertEachRequestTimedOnce(ApiClient api) {
        double before = predictions(api);
        for (int i = 0; i < 3; i++) {
            assertThat(api.postJson("/predict", "{\"features\":[5.1,3.5,1.4,0.2]}").status()).isEqualTo(200);
        }
        assertThat(predictions(api) - before).isEqualTo(3);
    }

    static long enabledRegistrations(ApplicationContext context, Class<?> filterType) {
        return context.getBeansOfType(FilterRegistrationBean.class).values().stream()
                .filter(registration -> registration.isEnabled() && filterType.isInstance(registration.getFilter()))
                .count();
    }

    @Autowired
    ApiClient api;

    @Autowired
    ApplicationContext context;

    @Test
    void groveTimesEachRequestOnceAndSpringsObservationFilterIsNotRegistered() {
        assertEachRequestTimedOnce(api);
        assertThat(enabledRegistrations(context, HttpRequestTimer.class)).isEqualTo(1);
        // Not even as a no-op: it would still build an observation context per request.
        assertThat(enabledRegistrations(context, ServerHttpObservationFilter.class)).isZero();
        assertThat(context.getBeansOfType(ServerHttpObservationFilter.class)).isEmpty();
    }
}
