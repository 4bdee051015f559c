package io.grove.rest;

import io.grove.scoring.Violation;

/**
 * One entry of a 422 problem's {@code errors} list: where in the request body a value is wrong, as
 * clients write it and as an RFC 6901 pointer, and which rule it breaks.
 *
 * @param field   the place as clients write it: {@code features[0]}, {@code rows[1].sepal_length}
 * @param pointer the same place as a JSON pointer into the request body: {@code /features/0}
 * @param message the broken rule: {@code must be greater than 0 (sepal_length)}
 */
public record FieldViolation(String field, String pointer, String message) {

    /** A violation at a client-style field path such as {@code rows[1][2]}; its pointer is derived from the path. */
    static FieldViolation at(String field, String message) {
        String pointer = "/" + field.replace("][", "/").replace("[", "/").replace("]", "").replace('.', '/');
        return new FieldViolation(field, pointer, message);
    }

    /**
     * The core's violation in the native API's terms: {@code /predict}'s one row is {@code features},
     * a batch's rows are {@code rows[i]}; a feature sent by position is {@code [j]}, with its name
     * after the rule, and one sent by name is {@code .name}.
     */
    static FieldViolation of(Violation v) {
        String row = v.inBatch() ? "rows[" + v.row() + "]" : "features";
        return switch (v.scope()) {
            case ROWS -> at("rows", v.message());
            case ROW -> at(row, v.message());
            case FEATURE -> v.byPosition()
                    ? at(row + "[" + v.feature() + "]", v.message() + " (" + v.name() + ")")
                    : at(row + "." + v.name(), v.message());
        };
    }
}
