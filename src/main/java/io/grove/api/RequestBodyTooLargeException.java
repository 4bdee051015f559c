package io.grove.api;

import java.io.IOException;

/** A request body is larger than {@code grove.api.max-request-body}; the API answers 413. */
public class RequestBodyTooLargeException extends IOException {

    RequestBodyTooLargeException(long limit) {
        super("The request body is larger than the limit of " + limit + " bytes");
    }
}
