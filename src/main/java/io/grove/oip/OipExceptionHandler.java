package io.grove.oip;

import io.grove.admission.OverloadedException;
import io.grove.http.problem.DisconnectedClients;
import io.grove.http.json.JsonErrorPath;
import io.grove.http.tomcat.RequestBodyRefusedException;
import io.grove.model.ModelNotFoundException;
import io.grove.model.ModelUnavailableException;
import io.grove.scoring.InvalidInputException;
import io.grove.scoring.Violation;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

/**
 * The Open Inference Protocol's error policy, for its endpoints only: every error is
 * {@code {"error": "..."}} with 400 for a bad request, 404 for an unknown model or version, 413 for
 * a body too large, 415 for a body that is not JSON, and 503 for a model that is not ready or a
 * server at capacity. It runs before Grove's problem+json policy, which covers every other endpoint.
 */
@RestControllerAdvice(assignableTypes = OipController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class OipExceptionHandler {

    private static final String INPUT = OipController.INPUT;

    private static final Logger log = LoggerFactory.getLogger(OipExceptionHandler.class);

    @ExceptionHandler(OipException.class)
    ResponseEntity<Map<String, String>> refused(OipException e) {
        return error(e.status(), e.getMessage());
    }

    @ExceptionHandler(ModelNotFoundException.class)
    ResponseEntity<Map<String, String>> notFound(ModelNotFoundException e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(ModelUnavailableException.class)
    ResponseEntity<Map<String, String>> unavailable(ModelUnavailableException e) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ExceptionHandler(OverloadedException.class)
    ResponseEntity<Map<String, String>> overloaded(OverloadedException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<Map<String, String>> invalid(InvalidInputException e) {
        String detail = e.violations().stream()
                .map(OipExceptionHandler::describe)
                .collect(Collectors.joining("; "));
        return error(HttpStatus.BAD_REQUEST, "input '" + INPUT + "' is invalid: " + detail);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        // the body limits first: Jackson wraps them in its own exceptions, which the second loop reads
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyRefusedException refused) {
                return error(refused.status(), refused.getMessage());
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException syntax) {
                return error(HttpStatus.BAD_REQUEST, "malformed JSON: " + JsonErrorPath.message(syntax.getOriginalMessage()));
            }
            if (t instanceof JacksonException mismatch) {
                return error(HttpStatus.BAD_REQUEST, "the request does not follow the inference request schema at "
                        + JsonErrorPath.of(mismatch));
            }
        }
        return error(HttpStatus.BAD_REQUEST, "the request body is missing or is not readable JSON");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, String>> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "the request body must be application/json");
    }

    /** The last resort: logged in full here, answered without any detail a client could misuse. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, String>> unexpected(Exception e) {
        if (DisconnectedClients.gone(e)) {
            return null; // nobody is left to answer
        }
        log.error("Unexpected error while handling an inference protocol request", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "an unexpected error occurred; it has been logged");
    }

    /**
     * A violation in the protocol's terms: a value of the input tensor is {@code row i, element j}
     * (followed by the rule and the feature's name), a row as a whole {@code rows[i]}.
     */
    static String describe(Violation v) {
        String row = v.inBatch() ? "rows[" + v.row() + "]" : INPUT;
        return switch (v.scope()) {
            case ROWS -> "rows " + v.message();
            case ROW -> row + " " + v.message();
            case FEATURE -> v.byPosition()
                    ? "row " + v.row() + ", element " + v.feature() + " " + v.message() + " (" + v.name() + ")"
                    : row + "." + v.name() + " " + v.message();
        };
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", message));
    }
}
