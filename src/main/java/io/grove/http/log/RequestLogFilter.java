package io.grove.http.log;

import io.grove.prediction.PredictionResult;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Logs one structured line per request: method, path, status, duration and the model that
 * answered. Never the body, which may hold data the caller would not want in logs. Off by
 * default ({@code grove.api.request-log}) because at tens of thousands of requests a second the
 * log itself becomes the bottleneck; the Prometheus metrics carry the same numbers in aggregate.
 */
@Component
@ConditionalOnBooleanProperty("grove.api.request-log")
public class RequestLogFilter extends OncePerRequestFilter {

    private static final String MODEL_ATTRIBUTE = RequestLogFilter.class.getName() + ".model";
    private static final Logger log = LoggerFactory.getLogger("io.grove.request");

    /**
     * Notes which model version answered, for the request's log line; every front end calls it.
     * The result itself is kept, so that nothing is formatted unless the log line is written.
     */
    public static void recordModel(HttpServletRequest request, PredictionResult result) {
        request.setAttribute(MODEL_ATTRIBUTE, result);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            double millis = (System.nanoTime() - start) / 1e6;
            String model = request.getAttribute(MODEL_ATTRIBUTE) instanceof PredictionResult result
                    ? result.model() + ":" + result.version() : "";
            log.atInfo()
                    .addKeyValue("http_method", request.getMethod())
                    .addKeyValue("path", request.getRequestURI())
                    .addKeyValue("status", response.getStatus())
                    .addKeyValue("duration_ms", Math.round(millis * 1000) / 1000.0)
                    .addKeyValue("model", model)
                    .log("{} {} {} {} ms", request.getMethod(), request.getRequestURI(), response.getStatus(),
                            String.format("%.3f", millis));
        }
    }
}
