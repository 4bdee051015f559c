package io.grove.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/** Gives every {@link GroveTest} an {@link ApiClient} aimed at the server's random port. */
@TestConfiguration(proxyBeanMethods = false)
class GroveTestConfiguration {

    /** Lazy: the port is only known once the server has started, after the beans are created. */
    @Bean
    @Lazy
    ApiClient apiClient(Environment environment) {
        return new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
    }
}
