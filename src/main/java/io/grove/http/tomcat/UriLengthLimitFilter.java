package io.grove.http.tomcat;

import io.grove.http.ApiProperties;
import io.grove.http.problem.ProblemType;
import io.grove.http.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Refuses a request whose path plus query is longer than {@code grove.api.max-uri-length} with
 * 414, before any handler parses it. Tomcat's header-size limit is the hard ceiling; this one is
 * tighter and answers with a problem body.
 *
 * <p>A plain {@link HttpFilter}, so Spring Boot registers it for client requests only, which is all
 * it is for: a {@code OncePerRequestFilter} would set and remove a request attribute on every request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class UriLengthLimitFilter extends HttpFilter {

    private final int maxLength;

    UriLengthLimitFilter(ApiProperties properties) {
        this.maxLength = properties.maxUriLength();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        int length = request.getRequestURI().length() + (query == null ? 0 : query.length() + 1);
        if (length > maxLength) {
            Problems.write(response, Problems.at(Problems.of(ProblemType.URI_TOO_LONG,
                    "The request URI is longer than " + maxLength + " characters"), request.getRequestURI()));
            return;
        }
        chain.doFilter(request, response);
    }
}
