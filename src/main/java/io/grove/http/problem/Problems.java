package io.grove.http.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Grove's one problem renderer (RFC 9457): every error body, whether Spring MVC writes it (the
 * exception handlers, the error controller) or it is written straight to the response before
 * Spring MVC runs (the URI and API-key filters, Tomcat's error report valve), is built here, with
 * the same members: {@code type} (omitted for {@code about:blank}), {@code title}, {@code status},
 * {@code detail}, {@code instance} where known, then any extension members. None carries a stack
 * trace, class name or file path. Thread-safe.
 */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final URI BLANK = URI.create("about:blank");
    private static final int MAX_INSTANCE_LENGTH = 256;

    private Problems() {
    }

    /** A problem of one of Grove's types. */
    public static ProblemDetail of(ProblemType type, String detail) {
        ProblemDetail problem = of(type.status(), detail);
        problem.setType(type.uri());
        return problem;
    }

    /** A problem without a Grove type ({@code about:blank}); an unknown status gets the title {@code Error}. */
    public static ProblemDetail of(HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (problem.getTitle() == null) {
            problem.setTitle("Error");
        }
        return problem;
    }

    /** {@code problem} with {@code instance} set to the request path {@code uri}, made safe by {@link #safePath}. */
    public static ProblemDetail at(ProblemDetail problem, String uri) {
        problem.setInstance(URI.create(safePath(uri)));
        return problem;
    }

    /** The problem's JSON, as Spring MVC would write it. */
    public static byte[] json(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (problem.getType() != null && !BLANK.equals(problem.getType())) {
            body.put("type", problem.getType().toString());
        }
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return JSON.writeValueAsBytes(body);
    }

    /**
     * Answers with {@code problem}, for code that runs before Spring MVC.
     *
     * @throws IOException if the response cannot be written
     */
    public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json(problem));
    }

    /**
     * The path with every character outside unreserved path characters replaced, and at most 256 of
     * them, so nothing a client sent is reflected verbatim.
     */
    public static String safePath(String uri) {
        String path = uri == null ? "" : uri.substring(0, Math.min(uri.length(), MAX_INSTANCE_LENGTH));
        return path.replaceAll("[^A-Za-z0-9/._~-]", "_");
    }
}
