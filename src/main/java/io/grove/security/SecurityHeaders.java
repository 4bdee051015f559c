package io.grove.security;

import io.grove.http.docs.DocsPaths;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts {@link SecurityHeadersValve} in front of Grove's web application. */
@Configuration(proxyBeanMethods = false)
class SecurityHeaders {

    @Bean
    TomcatContextCustomizer securityHeadersValve(DocsPaths docs) {
        SecurityHeadersValve valve = new SecurityHeadersValve(docs);
        return context -> context.getPipeline().addValve(valve);
    }
}
