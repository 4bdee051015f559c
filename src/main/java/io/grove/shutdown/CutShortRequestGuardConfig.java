package io.grove.shutdown;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts {@link CutShortRequestGuard} first in Tomcat's engine pipeline. */
@Configuration(proxyBeanMethods = false)
class CutShortRequestGuardConfig {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> cutShortRequestGuard() {
        return factory -> factory.addEngineValves(new CutShortRequestGuard());
    }
}
