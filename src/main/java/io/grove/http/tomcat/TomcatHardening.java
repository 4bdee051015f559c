package io.grove.http.tomcat;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Grove's changes to Tomcat: its own error answers in Grove's problem format (see
 * {@link ProblemErrorReportValve}), and an executor that lets admission see how long each request
 * waited for a thread (see {@link MeasuredTomcatExecutor}).
 */
@Configuration(proxyBeanMethods = false)
class TomcatHardening {

    private static final int THREADS_PER_PROCESSOR = 2;

    @Bean
    TomcatContextCustomizer problemErrorReports() {
        return context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        };
    }

    /**
     * Two platform threads per available processor (the container's CPU limit, inside one)
     * measured best: on 2 cores 4 threads gave p99 ~10 ms where 2 gave 48-70 ms, and on 1 core 2
     * threads served twice what 4 did (loadtest/REPORT.md). An explicit
     * {@code server.tomcat.threads.max} wins.
     */
    @Bean
    TomcatConnectorCustomizer measuredExecutor(Environment environment, MeterRegistry meters) {
        int threads = environment.containsProperty("server.tomcat.threads.max")
                ? 0 : THREADS_PER_PROCESSOR * Runtime.getRuntime().availableProcessors();
        return connector -> connector.addLifecycleListener(new MeasuredTomcatExecutor(threads, meters));
    }
}
