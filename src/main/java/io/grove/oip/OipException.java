package io.grove.oip;

import org.springframework.http.HttpStatus;

/** A request the Open Inference Protocol adapter refuses, with the status to answer. */
class OipException extends RuntimeException {

    private final HttpStatus status;

    OipException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    static OipException badRequest(String message) {
        return new OipException(HttpStatus.BAD_REQUEST, message);
    }

    HttpStatus status() {
        return status;
    }
}
