package io.grove.http.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * Every problem type Grove answers, with its status and title: the one list of Grove's problem
 * URNs ({@code urn:grove:problem:<name>}). A problem without a Grove type (Spring's own 4xx, the
 * last-resort 500, Tomcat's own errors) is {@code about:blank} and is built by {@link Problems#of(org.springframework.http.HttpStatusCode, String)}.
 */
public enum ProblemType {

    /** A value breaks the model's input rules, or the body does not bind to the request: 422 with {@code errors}. */
    INVALID_INPUT("invalid-input", HttpStatus.UNPROCESSABLE_CONTENT),
    /** The body is not exactly one readable JSON value: 400. */
    MALFORMED_JSON("malformed-json", HttpStatus.BAD_REQUEST),
    /** Admission refused the request: 503 with {@code Retry-After}. */
    OVERLOADED("overloaded", HttpStatus.SERVICE_UNAVAILABLE),
    /** The model version exists but is not ready: 503 with {@code Retry-After}. */
    MODEL_UNAVAILABLE("model-unavailable", HttpStatus.SERVICE_UNAVAILABLE),
    /** No such model or version: 404. */
    MODEL_NOT_FOUND("model-not-found", HttpStatus.NOT_FOUND),
    /** An operator's load of a version failed: 422 with {@code versions}. */
    MODEL_LOAD_FAILED("model-load-failed", HttpStatus.UNPROCESSABLE_CONTENT),
    /** The body is larger than {@code grove.api.max-request-body}: 413. */
    BODY_TOO_LARGE("body-too-large", HttpStatus.CONTENT_TOO_LARGE),
    /** The body took longer than {@code grove.api.max-body-read-time} to arrive: 408. */
    BODY_TOO_SLOW("body-too-slow", HttpStatus.REQUEST_TIMEOUT),
    /** The path and query are longer than {@code grove.api.max-uri-length}: 414. */
    URI_TOO_LONG("uri-too-long", HttpStatus.URI_TOO_LONG),
    /** API keys are on and the request's key is missing or wrong: 401. */
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED);

    private final URI uri;
    private final HttpStatus status;

    ProblemType(String name, HttpStatus status) {
        this.uri = URI.create("urn:grove:problem:" + name);
        this.status = status;
    }

    /** The problem's {@code type} member. */
    public URI uri() {
        return uri;
    }

    /** The status every problem of this type answers. */
    public HttpStatus status() {
        return status;
    }

    /** The problem's {@code title} member: the status's reason phrase. */
    public String title() {
        return status.getReasonPhrase();
    }
}
