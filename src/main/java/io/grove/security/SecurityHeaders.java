package io.grove.security;

import io.grove.api.DocsPaths;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Puts {@link SecurityHeadersValve} in front of Grove's web application. */
@Configuration(proxyBeanMethods = false)
class SecurityHeaders {

    @Bean
    TomcatContextCustomizer securityHeadersValve(Environment environment) {
        SecurityHeadersValve valve = new SecurityHeadersValve(DocsPaths.from(environment));
        return context -> context.getPipeline().addValve(valve);
    }
}
