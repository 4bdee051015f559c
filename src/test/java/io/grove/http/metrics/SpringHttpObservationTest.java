package io.grove.http.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.GroveTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.filter.ServerHttpObservationFilter;

/** With Spring's observation switched back on, it times each request once and Grove's timer steps aside. */
@GroveTest
@TestPropertySource(properties = "management.observations.enable.http.server.requests=true")
class SpringHttpObservationTest {

    @Autowired
    ApiClient api;

    @Autowired
    ApplicationContext context;

    @Test
    void springTimesEachRequestOnceAndGrovesTimerStepsAside() {
        HttpRequestMetricsTest.assertEachRequestTimedOnce(api);
        assertThat(HttpRequestMetricsTest.enabledRegistrations(context, ServerHttpObservationFilter.class)).isEqualTo(1);
        assertThat(HttpRequestMetricsTest.enabledRegistrations(context, HttpRequestTimer.class)).isZero();
    }
}
