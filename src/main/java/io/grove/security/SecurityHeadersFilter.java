package io.grove.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Adds defensive headers to every response Grove's filters see: no MIME sniffing, no framing, no
 * referrer, no caching of answers, and a Content-Security-Policy that allows nothing, since the
 * API serves JSON. The interactive docs (Swagger UI) need scripts and styles from Grove itself, so
 * they get a same-origin policy instead. Headers are set before the request runs, so errors and
 * refusals carry them too. Thread-safe.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityHeadersFilter extends OncePerRequestFilter {

    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    static final String DOCS_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "script-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        response.setHeader("Content-Security-Policy", isDocs(request.getRequestURI()) ? DOCS_POLICY : API_POLICY);
        if (!isDocs(request.getRequestURI())) {
            response.setHeader("Cache-Control", "no-store");
        }
        chain.doFilter(request, response);
    }

    private static boolean isDocs(String uri) {
        return uri.startsWith("/swagger-ui") || uri.startsWith("/v3/api-docs") || uri.equals("/docs");
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
