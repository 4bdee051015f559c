package io.grove.http.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Times HTTP requests with {@link HttpRequestTimer} in place of Spring's observation filter, while
 * {@code management.observations.enable.http.server.requests} is false (Grove's default). Set it
 * to true and Spring Boot's own observation filter records the same timer again.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "management.observations.enable.http.server.requests", havingValue = false)
class HttpRequestMetricsConfig {

    @Bean
    FilterRegistrationBean<HttpRequestTimer> httpRequestTimer(MeterRegistry registry, ObservationProperties observations) {
        var timer = new HttpRequestTimer(registry, observations.getHttp().getServer().getRequests().getName(),
                Tags.of(observations.getKeyValues().entrySet().stream()
                        .map(entry -> Tag.of(entry.getKey(), entry.getValue()))
                        .toList()));
        var registration = new FilterRegistrationBean<>(timer);
        // Where Spring Boot puts its observation filter: outside every other filter, so that
        // refusals by the API-key and limit filters are timed too.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    /**
     * Keeps Spring Boot from registering its observation filter, by declaring one that is not
     * enabled. With the observation switched off it would still build an observation context,
     * three concurrent maps, for every request, and throw it away.
     */
    @Bean
    FilterRegistrationBean<ServerHttpObservationFilter> observationFilterNotRegistered() {
        var registration = new FilterRegistrationBean<>(new ServerHttpObservationFilter(ObservationRegistry.NOOP));
        registration.setEnabled(false);
        return registration;
    }
}
