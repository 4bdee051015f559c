package io.grove.api;

import java.io.IOException;

/** A request body took longer than {@code grove.api.max-body-read-time} to arrive; the API answers 408. */
public class RequestBodyTooSlowException extends IOException {

    RequestBodyTooSlowException(long limitMillis) {
        super("The request body did not arrive within " + limitMillis + " ms");
    }
}
