package io.grove.http.json;

import tools.jackson.core.JacksonException;

/** Client-safe renderings of a JSON binding error: where in the body it happened, and what it says. */
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

    /**
     * Jackson's messages name its own classes and features ({@code from `StreamReadConstraints...`},
     * {@code [Source: REDACTED (`StreamReadFeature...` disabled)...]}); a client needs neither.
     * Found by RequestDecodingFuzzTest.
     */
    public static String message(String message) {
        if (message == null) {
            return "";
        }
        return message
                .replaceAll("\\s*\\((for [^()]*?)?at \\[Source:.*?]\\)", "")
                .replaceAll("\\s*at \\[Source:.*?]", "")
                .replaceAll(",? (from|use) `[^`]*`", "")
                .replaceAll("`[^`]*`", "")
                .strip();
    }
}
