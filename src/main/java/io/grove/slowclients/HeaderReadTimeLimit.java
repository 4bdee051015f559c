package io.grove.slowclients;

import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves HTTP with {@link HeaderTimeLimitedProtocol}, limited to
 * {@code grove.api.max-header-read-time}.
 */
@Configuration(proxyBeanMethods = false)
class HeaderReadTimeLimit {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> headerTimeLimitedProtocol() {
        return factory -> factory.setProtocol(HeaderTimeLimitedProtocol.class.getName());
    }

    @Bean
    TomcatProtocolHandlerCustomizer<HeaderTimeLimitedProtocol> maxHeaderReadTime(HeaderReadTimeProperties properties) {
        return protocol -> protocol.setMaxHeaderReadTime(properties.maxHeaderReadTime());
    }
}
