package io.grove.scoring;

/**
 * One broken input rule.
 *
 * @param field   where the problem is, as clients write it: {@code features[0]}, {@code rows[1][2]}
 * @param pointer the same place as an RFC 6901 JSON pointer into the request body: {@code /features/0}
 * @param message which rule was broken: {@code must be greater than 0}
 */
public record Violation(String field, String pointer, String message) {

    /**
     * Builds a violation from a client-style field path such as {@code rows[1][2]}.
     *
     * @param field   the field path
     * @param message the broken rule
     * @return the violation, with its JSON pointer derived from the field path
     */
    public static Violation at(String field, String message) {
        String pointer = "/" + field.replace("][", "/").replace("[", "/").replace("]", "").replace('.', '/');
        return new Violation(field, pointer, message);
    }
}
