package io.grove.model;

/** No ready model answers to the requested name; the API answers 503. */
public class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String name) {
        super("model '" + name + "' is not loaded");
    }
}
