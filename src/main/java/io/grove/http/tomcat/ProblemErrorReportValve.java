package io.grove.http.tomcat;

import io.grove.http.problem.Problems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Renders the errors Tomcat answers by itself, before Spring MVC runs (for example a request
 * whose method Tomcat refuses), as a bare problem instead of Tomcat's HTML page, which names the
 * server. Tomcat's two 5xx answers to a client's request are made 4xx, because the fault is the
 * client's and a 5xx would count against Grove's error rate and alerts: {@code CONNECT} (501)
 * answers 405, as Grove implements no proxy and the method is allowed on none of its resources;
 * an unknown transfer coding (501) or an HTTP version other than 1.x (505) answers 400, as the
 * request cannot be read. Thread-safe.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        if (status == HttpStatus.NOT_IMPLEMENTED.value() && "CONNECT".equals(request.getMethod())) {
            status = HttpStatus.METHOD_NOT_ALLOWED.value();
            response.setStatus(status);
        } else if (status == HttpStatus.NOT_IMPLEMENTED.value() || status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED.value()) {
            status = HttpStatus.BAD_REQUEST.value();
            response.setStatus(status);
        }
        ProblemDetail problem = Problems.of(HttpStatusCode.valueOf(status), null);
        problem.setDetail(problem.getTitle());
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getOutputStream().write(Problems.json(problem));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The client has gone or the response is already closed: nothing more to tell it.
        }
    }
}
