package io.grove.http.metrics;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Records the {@code http.server.requests} timer for every client request, with the same name,
 * tags and tag values as Spring's {@code ServerHttpObservationFilter} with its default convention
 * and Micrometer's {@code DefaultMeterObservationHandler}: {@code method}, {@code uri} (the
 * matched route pattern), {@code status}, {@code outcome}, {@code exception} and {@code error}.
 *
 * <p>Why not Spring's observation: it builds an observation context, its key values and the
 * timer's tags again for every request and looks the timer up by them: 11% of the server's CPU
 * under {@code /predict} load; this timer gave 14% more requests a second (loadtest/REPORT.md,
 * session 6). Here each distinct
 * combination of tags resolves its timer once; a request then costs a map lookup and a
 * {@link Timer#record}. The histogram, common tags and URI-cardinality guard still come from the
 * registry's meter filters, as before. {@code management.observations.enable.http.server.requests=true}
 * switches back to Spring's observation (for tracing, say) and this filter steps aside.
 *
 * <p>Grove has no asynchronous handlers, so a request is timed from entering to leaving the
 * filter chain of its client dispatch.
 */
final class HttpRequestTimer extends HttpFilter {

    private static final Set<String> KNOWN_METHODS =
            Stream.of(HttpMethod.values()).map(HttpMethod::name).collect(Collectors.toUnmodifiableSet());

    private final MeterRegistry registry;
    private final Clock clock;
    private final String name;
    private final Tags extraTags;
    private final ConcurrentMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    /**
     * @param name      the timer's name, Spring's {@code management.observations.http.server.requests.name}
     * @param extraTags tags added to every request's, Spring's {@code management.observations.key-values}
     */
    HttpRequestTimer(MeterRegistry registry, String name, Tags extraTags) {
        this.registry = registry;
        this.clock = registry.config().clock();
        this.name = name;
        this.extraTags = extraTags;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = clock.monotonicTime();
        Throwable error = null;
        boolean thrown = false;
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException ex) {
            error = ex instanceof ServletException ? ex.getCause() : ex;
            thrown = true;
            throw ex;
        } finally {
            if (!thrown && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
                error = failure;
            }
            // As Spring's filter: an exception that reached it counts as a 500, whatever was set before.
            int status = thrown ? HttpStatus.INTERNAL_SERVER_ERROR.value() : response.getStatus();
            String method = request.getMethod();
            Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            // The method is normalised before the lookup: a client inventing methods must not grow the map.
            TimerKey key = new TimerKey(KNOWN_METHODS.contains(method) ? method : "UNKNOWN",
                    route instanceof String pattern ? pattern : null, status, error == null ? null : error.getClass());
            Timer timer = timers.get(key);
            if (timer == null) {
                timer = timers.computeIfAbsent(key, this::register);
            }
            timer.record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private Timer register(TimerKey key) {
        return Timer.builder(name)
                .tags(extraTags)
                .tag("method", key.method())
                .tag("uri", uri(key.route(), key.status()))
                .tag("status", Integer.toString(key.status()))
                .tag("outcome", outcome(key.status()))
                .tag("exception", key.error() == null ? KeyValue.NONE_VALUE
                        : key.error().getSimpleName().isEmpty() ? key.error().getName() : key.error().getSimpleName())
                .tag("error", key.error() == null ? KeyValue.NONE_VALUE : key.error().getSimpleName())
                .register(registry);
    }

    private static String uri(String route, int status) {
        if (route != null) {
            return route.isEmpty() ? "root" : route;
        }
        HttpStatus known = HttpStatus.resolve(status);
        if (known != null && known.is3xxRedirection()) {
            return "REDIRECTION";
        }
        return known == HttpStatus.NOT_FOUND ? "NOT_FOUND" : "UNKNOWN";
    }

    private static String outcome(int status) {
        if (status >= 200 && status < 300) {
            return "SUCCESS";
        }
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "UNKNOWN" : known.series().name();
    }

    /** What a request's tags are made from: the route is the matched pattern, or null if none matched. */
    private record TimerKey(String method, String route, int status, Class<?> error) {
    }
}
