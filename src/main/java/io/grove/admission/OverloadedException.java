package io.grove.admission;

import java.time.Duration;

/** A request was refused because Grove is at capacity; the API answers 503 with Retry-After. */
public class OverloadedException extends RuntimeException {

    private final Duration retryAfter;

    public OverloadedException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
