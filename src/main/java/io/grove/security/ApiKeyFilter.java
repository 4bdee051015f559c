package io.grove.security;

import io.grove.http.Routes;
import io.grove.http.problem.ProblemType;
import io.grove.http.problem.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Requires an API key ({@code X-API-Key: <key>} or {@code Authorization: Bearer <key>}) on the
 * prediction, model and admin routes ({@link Routes#PROTECTED}) when {@code grove.auth.enabled}, and on the
 * metrics routes ({@link Routes#METRICS}) when
 * {@code grove.auth.protect-metrics}; a missing or wrong key answers 401 with a problem body and
 * {@code WWW-Authenticate}. Health probes and everything else stay open.
 *
 * <p>Routes are matched by path pattern, on the path parsed the way Spring MVC parses it (decoded,
 * path parameters removed) and on Tomcat's normalized servlet path, so an encoded or padded path
 * that reaches a protected handler is protected too. Thread-safe.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class ApiKeyFilter extends OncePerRequestFilter {

    static final String KEY_HEADER = "X-API-Key";
    private static final String BEARER = "Bearer ";

    private final List<PathPattern> guarded;
    private final ApiKeys keys;
    private final Counter rejected;

    ApiKeyFilter(AuthProperties properties, MeterRegistry meters) {
        this.keys = ApiKeys.from(properties);
        PathPatternParser parser = new PathPatternParser();
        this.guarded = Stream.concat(
                        properties.enabled() ? Routes.PROTECTED.stream() : Stream.empty(),
                        properties.protectMetrics() ? Routes.METRICS.stream() : Stream.empty())
                .map(parser::parse)
                .toList();
        this.rejected = Counter.builder("grove.auth.rejected")
                .description("Requests refused with 401 for a missing or wrong API key")
                .register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return guarded.isEmpty() || !isGuarded(request);
    }

    private boolean isGuarded(HttpServletRequest request) {
        PathContainer asMvcSeesIt = RequestPath.parse(request.getRequestURI(), request.getContextPath())
                .pathWithinApplication();
        String servletPath = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        PathContainer normalized = PathContainer.parsePath(servletPath.isEmpty() ? "/" : servletPath);
        return guarded.stream().anyMatch(p -> p.matches(asMvcSeesIt) || p.matches(normalized));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (keys.accepts(presentedKey(request))) {
            chain.doFilter(request, response);
            return;
        }
        rejected.increment();
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"grove\"");
        Problems.write(response, Problems.at(Problems.of(ProblemType.UNAUTHORIZED,
                "A valid API key is required: send it as " + KEY_HEADER + ": <key> or Authorization: Bearer <key>"),
                request.getRequestURI()));
    }

    private static String presentedKey(HttpServletRequest request) {
        String key = request.getHeader(KEY_HEADER);
        if (key != null) {
            return key.strip();
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).strip();
        }
        return null;
    }
}
