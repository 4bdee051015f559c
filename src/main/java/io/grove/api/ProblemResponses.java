package io.grove.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an RFC 9457 problem straight to the response, for filters that answer before Spring MVC
 * runs. Same members as {@link ApiExceptionHandler}'s problems. Thread-safe.
 */
public final class ProblemResponses {

    public static final URI URI_TOO_LONG = URI.create("urn:grove:problem:uri-too-long");
    public static final URI UNAUTHORIZED = URI.create("urn:grove:problem:unauthorized");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    /**
     * Answers {@code status} with a problem body; the request URI becomes {@code instance} with any
     * character outside a plain path replaced, so nothing a client sent is reflected verbatim.
     *
     * @throws IOException if the response cannot be written
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, URI type,
                             String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type.toString());
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", safePath(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }

    /** The path with every character outside unreserved path characters replaced, and at most 256 of them. */
    static String safePath(String uri) {
        String path = uri == null ? "" : uri.substring(0, Math.min(uri.length(), 256));
        return path.replaceAll("[^A-Za-z0-9/._~-]", "_");
    }
}
