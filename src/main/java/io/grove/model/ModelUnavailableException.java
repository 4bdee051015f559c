package io.grove.model;

/** The requested model or version exists but is not ready to serve; the API answers 503. */
public class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String name) {
        super("model '" + name + "' is not loaded");
    }

    public ModelUnavailableException(String name, String version, ModelState state) {
        super("model '" + name + "' version '" + version + "' is not ready (" + state + ")");
    }
}
