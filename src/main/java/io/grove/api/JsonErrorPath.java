package io.grove.api;

import tools.jackson.core.JacksonException;

/** Where in a request body a JSON binding error happened, written as clients write it. */
public final class JsonErrorPath {

    private JsonErrorPath() {
    }

    /**
     * Rebuilds the client-side field path, such as {@code rows[1][0]} or {@code features.sepal_length},
     * from Jackson's reference chain.
     *
     * @return the path, or {@code (body)} for the body itself
     */
    public static String of(JacksonException e) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "(body)" : field.toString();
    }
}
