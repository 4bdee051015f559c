package io.grove.http.tomcat;

import java.io.IOException;
import io.grove.http.problem.ProblemType;
import org.springframework.http.HttpStatus;

/**
 * The request body broke one of {@link RequestBodyLimitFilter}'s limits while it was being read.
 * It carries its own status and problem type, so each front end answers every body limit with
 * one rule. An {@link IOException}, because it surfaces from the body's input stream.
 */
public final class RequestBodyRefusedException extends IOException {

    private final ProblemType type;

    private RequestBodyRefusedException(ProblemType type, String message) {
        super(message);
        this.type = type;
    }

    /** Larger than {@code grove.api.max-request-body}: 413. */
    static RequestBodyRefusedException tooLarge(long limitBytes) {
        return new RequestBodyRefusedException(ProblemType.BODY_TOO_LARGE,
                "The request body is larger than the limit of " + limitBytes + " bytes");
    }

    /** Slower to arrive than {@code grove.api.max-body-read-time}: 408. */
    static RequestBodyRefusedException tooSlow(long limitMillis) {
        return new RequestBodyRefusedException(ProblemType.BODY_TOO_SLOW,
                "The request body did not arrive within " + limitMillis + " ms");
    }

    public HttpStatus status() {
        return type.status();
    }

    public ProblemType type() {
        return type;
    }
}
