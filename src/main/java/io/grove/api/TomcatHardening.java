package io.grove.api;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Grove's changes to Tomcat: its own error answers in Grove's problem format (see
 * {@link ProblemErrorReportValve}), and an executor that lets admission see how long each request
 * waited for a thread (see {@link MeasuredTomcatExecutor}).
 */
@Configuration(proxyBeanMethods = false)
class TomcatHardening {

    @Bean
    TomcatContextCustomizer problemErrorReports() {
        return context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        };
    }

    @Bean
    TomcatConnectorCustomizer measuredExecutor() {
        return connector -> connector.addLifecycleListener(new MeasuredTomcatExecutor());
    }
}
