package io.grove.rest;

import io.grove.http.json.JsonErrorPath;
import io.grove.http.json.Utf8Validator;
import io.grove.http.problem.DisconnectedClients;
import io.grove.http.tomcat.RequestBodyRefusedException;
import io.grove.admission.OverloadedException;
import io.grove.http.problem.ProblemType;
import io.grove.http.problem.Problems;
import io.grove.model.ModelNotFoundException;
import io.grove.model.ModelUnavailableException;
import io.grove.scoring.Features;
import io.grove.scoring.InvalidInputException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Grove's one error policy: every error the API can answer becomes an RFC 9457 problem, with the
 * same members, and none carries a stack trace, class name or file path.
 *
 * <p>Invalid values answer 422 with an {@code errors} list of {@code field}, {@code pointer} and
 * {@code message}; JSON that does not parse answers 400; overload and a missing model answer 503
 * with {@code Retry-After}. A client that has gone away while its answer was written gets
 * nothing more, and no WARN ({@link DisconnectedClients}).
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    /** Where a feature name sits in a request body: {@code /features/<name>} or {@code /rows/<i>/<name>}. */
    private static final Pattern FEATURE_NAME = Pattern.compile("/(features|rows/(\\d+))/([^/]+)");

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<Object> invalidInput(InvalidInputException e) {
        return invalid(e.violations().stream().map(FieldViolation::of).toList());
    }

    @ExceptionHandler(OverloadedException.class)
    ResponseEntity<Object> overloaded(OverloadedException e) {
        ProblemDetail problem = Problems.of(ProblemType.OVERLOADED, e.getMessage());
        return retryLater(problem, Math.max(1, e.retryAfter().toSeconds()));
    }

    @ExceptionHandler(ModelUnavailableException.class)
    ResponseEntity<Object> modelUnavailable(ModelUnavailableException e) {
        return retryLater(Problems.of(ProblemType.MODEL_UNAVAILABLE, e.getMessage()), 5);
    }

    @ExceptionHandler(ModelNotFoundException.class)
    ResponseEntity<Object> modelNotFound(ModelNotFoundException e) {
        return answer(Problems.of(ProblemType.MODEL_NOT_FOUND, e.getMessage()));
    }

    @ExceptionHandler(RequestBodyRefusedException.class)
    ResponseEntity<Object> bodyRefused(RequestBodyRefusedException e) {
        return answer(Problems.of(e.type(), e.getMessage()));
    }

    /** The last resort: logged in full here, answered without any detail a client could misuse. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        if (DisconnectedClients.gone(e)) {
            return null;
        }
        log.error("Unexpected error while handling a request", e);
        return answer(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred; it has been logged."));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldViolation> violations = e.getBindingResult().getFieldErrors().stream()
                .map(f -> FieldViolation.at(f.getField(), message(f)))
                .toList();
        return invalid(violations);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotWritable(HttpMessageNotWritableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (DisconnectedClients.gone(e)) {
            return null; // nobody is left to answer
        }
        return super.handleHttpMessageNotWritable(e, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            switch (t) {
                case RequestBodyRefusedException refused -> {
                    return bodyRefused(refused);
                }
                case Utf8Validator.MalformedBodyException malformed -> {
                    return badJson(malformed.getMessage());
                }
                case MismatchedInputException mismatch when notOneJsonValue(mismatch) -> {
                    return badJson("The request body must hold exactly one JSON value");
                }
                case MismatchedInputException mismatch -> {
                    return invalid(List.of(FieldViolation.at(JsonErrorPath.of(mismatch), expected(mismatch))));
                }
                case StreamReadException duplicate when duplicateFeature(duplicate) != null -> {
                    return invalid(List.of(FieldViolation.at(duplicateFeature(duplicate), "is given more than once")));
                }
                case StreamConstraintsException limit -> {
                    return badJson("JSON exceeds a parser limit: " + JsonErrorPath.message(limit.getOriginalMessage()));
                }
                case StreamReadException syntax -> {
                    return badJson("Malformed JSON" + where(syntax.getLocation()) + ": " + JsonErrorPath.message(syntax.getOriginalMessage()));
                }
                default -> {
                }
            }
        }
        return badJson("The request body is missing or is not readable JSON");
    }

    private ResponseEntity<Object> badJson(String detail) {
        return answer(Problems.of(ProblemType.MALFORMED_JSON, detail));
    }

    private static ResponseEntity<Object> invalid(List<FieldViolation> violations) {
        String detail = violations.size() == 1
                ? violations.getFirst().field() + " " + violations.getFirst().message()
                : violations.size() + " values in the request are invalid";
        ProblemDetail problem = Problems.of(ProblemType.INVALID_INPUT, detail);
        problem.setProperty("errors", violations);
        return answer(problem);
    }

    private static ResponseEntity<Object> retryLater(ProblemDetail problem, long seconds) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem);
    }

    private static ResponseEntity<Object> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    private static String message(FieldError error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    /**
     * The field of a feature name repeated inside a features object, or {@code null} for any other
     * parse error. Duplicate keys are rejected by the parser before any deserializer sees them
     * (JsonConfig); a repeated feature name is nevertheless a bad value, not bad JSON, so it answers
     * 422 like an unknown or missing name. Other duplicated keys stay 400.
     */
    private static String duplicateFeature(StreamReadException e) {
        String message = e.getOriginalMessage();
        if (message == null || !message.startsWith("Duplicate Object property")
                || !(e.processor() instanceof JsonParser parser) || parser.streamReadContext() == null) {
            return null;
        }
        Matcher at = FEATURE_NAME.matcher(parser.streamReadContext().pathAsPointer().toString());
        if (!at.matches()) {
            return null;
        }
        String name = at.group(3).replace("~1", "/").replace("~0", "~");
        return at.group(2) == null ? "features." + name : "rows[" + at.group(2) + "]." + name;
    }

    /**
     * Jackson reports a body with no JSON value, or with more after the first, as a mismatch;
     * for the client that is malformed JSON, not a wrong value.
     */
    private static boolean notOneJsonValue(MismatchedInputException e) {
        String message = e.getOriginalMessage();
        return message != null && (message.startsWith("No content to map") || message.startsWith("Trailing token"));
    }

    /** Whether the error sits on an element of an array (rows[1][2]) rather than on the array itself. */
    private static boolean atArrayElement(MismatchedInputException e) {
        return !e.getPath().isEmpty() && e.getPath().getLast().getIndex() >= 0;
    }

    private static String expected(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        if (target == null) {
            return "has the wrong type";
        }
        if (target == double.class || target == Double.class || target == double[].class && atArrayElement(e)) {
            return "must be a number";
        }
        if (target == double[].class) {
            return "must be an array of numbers";
        }
        if (target == double[][].class || target == Features[].class) {
            return "must be an array of rows";
        }
        if (target == Features.class) {
            return "must be an array of numbers or an object keyed by feature name";
        }
        return "must be a JSON object";
    }

    private static String where(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
