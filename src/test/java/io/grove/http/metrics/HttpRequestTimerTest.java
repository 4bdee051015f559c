package io.grove.http.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * {@link HttpRequestTimer} records what Spring's own observation filter records, with Micrometer's
 * default meter handler, for the same exchanges: the same timer names, tags and counts. Both run
 * on each exchange below; a Spring upgrade that changes its tags fails here.
 */
class HttpRequestTimerTest {

    private static final String NAME = "http.server.requests";

    /** One exchange: what the client sent and what the handler chain did with it. */
    record Exchange(String label, String method, String routePattern, int status, Exception thrown,
            Exception errorAttribute) {

        static Exchange answered(String method, String routePattern, int status) {
            return new Exchange(method + " " + routePattern + " " + status, method, routePattern, status, null, null);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Exchange> exchanges() {
        return Stream.of(
                Exchange.answered("POST", "/predict", 200),
                Exchange.answered("POST", "/predict", 422),
                Exchange.answered("GET", "/models/{name}", 404),
                Exchange.answered("GET", "", 200),
                Exchange.answered("GET", null, 404),
                Exchange.answered("GET", null, 302),
                Exchange.answered("OPTIONS", null, 200),
                Exchange.answered("POST", null, 415),
                Exchange.answered("BREW", "/predict", 405),
                Exchange.answered("GET", "/health", 299),
                Exchange.answered("GET", "/health", 599),
                new Exchange("handler throws", "POST", "/predict", 200, new IllegalStateException("boom"), null),
                new Exchange("servlet exception", "POST", "/predict", 200,
                        new ServletException("wrapped", new IOException("reset")), null),
                new Exchange("anonymous exception", "GET", "/health", 200, new RuntimeException() { }, null),
                new Exchange("error attribute", "GET", "/health", 200, null, new IllegalArgumentException("late")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void recordsWhatSpringsObservationRecords(Exchange exchange) throws Exception {
        MeterRegistry springMeters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(springMeters));
        // What Spring Boot does with management.observations.key-values
        observations.observationConfig().observationFilter(context -> context.addLowCardinalityKeyValue(KeyValue.of("region", "eu")));
        MeterRegistry groveMeters = new SimpleMeterRegistry();

        run(new ServerHttpObservationFilter(observations), exchange);
        run(new HttpRequestTimer(groveMeters, NAME, Tags.of("region", "eu")), exchange);
        run(new HttpRequestTimer(groveMeters, NAME, Tags.of("region", "eu")), exchange);
        run(new ServerHttpObservationFilter(observations), exchange);

        assertThat(timers(groveMeters)).isEqualTo(timers(springMeters)).hasSize(1);
    }

    private static void run(Filter filter, Exchange exchange) throws Exception {
        var request = new MockHttpServletRequest(exchange.method(), "/somewhere");
        var response = new MockHttpServletResponse();
        FilterChain handlers = (req, res) -> {
            if (exchange.routePattern() != null) {
                // What Spring MVC's handler mappings do when a route matches
                req.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, exchange.routePattern());
                ServerHttpObservationFilter.findObservationContext((HttpServletRequest) req)
                        .ifPresent(context -> context.setPathPattern(exchange.routePattern()));
            }
            ((HttpServletResponse) res).setStatus(exchange.status());
            if (exchange.errorAttribute() != null) {
                req.setAttribute(RequestDispatcher.ERROR_EXCEPTION, exchange.errorAttribute());
            }
            if (exchange.thrown() instanceof ServletException failure) {
                throw failure;
            }
            if (exchange.thrown() instanceof RuntimeException failure) {
                throw failure;
            }
        };
        Throwable thrown = catchThrowable(() -> filter.doFilter(request, response, handlers));
        assertThat(thrown).isSameAs(exchange.thrown());
    }

    /** Each timer's tags, with how many requests it counted. */
    private static Map<List<String>, Long> timers(MeterRegistry registry) {
        Map<List<String>, Long> timers = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (Timer timer : registry.find(NAME).timers()) {
            timers.put(timer.getId().getTags().stream().map(tag -> tag.getKey() + "=" + tag.getValue()).toList(),
                    timer.count());
        }
        return timers;
    }
}
