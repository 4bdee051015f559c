package io.grove.model;

/**
 * A model could not be loaded. The message is written for the operator: it names the file and
 * says what to change. Never shown to API clients.
 */
public class ModelLoadException extends RuntimeException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
