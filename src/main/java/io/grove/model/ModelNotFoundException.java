package io.grove.model;

/** No model, or no version of it, is known by the requested name; the API answers 404. */
public class ModelNotFoundException extends RuntimeException {

    public ModelNotFoundException(String name, String version) {
        super(version == null ? "model '" + name + "' does not exist"
                : "model '" + name + "' has no version '" + version + "'");
    }
}
