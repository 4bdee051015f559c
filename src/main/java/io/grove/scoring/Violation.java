package io.grove.scoring;

/**
 * One broken input rule, located in the core's own terms: which part of the request, which row,
 * which feature. Each front end renders the location in its own wording (the REST API's
 * {@code features[0]}, {@code rows[1].sepal_length}; the inference protocol's {@code row 1, element 0}),
 * so none has to parse another's strings.
 *
 * @param scope   what the rule is about: the request's rows as a whole, one row, or one feature value
 * @param row     the row's index in a batch, or {@link #NONE} for the one row of a single prediction
 *                (and for {@link Scope#ROWS})
 * @param feature the feature's index in the row, when the client sent the row by position; otherwise {@link #NONE}
 * @param name    the feature's name, when the violation is about one feature; otherwise {@code null}
 * @param message which rule was broken, without the location: {@code must be greater than 0}
 */
public record Violation(Scope scope, int row, int feature, String name, String message) {

    /** No row (a single prediction) or no feature index (a feature sent by name). */
    public static final int NONE = -1;

    /** What a violation is about. */
    public enum Scope {
        /** The request's rows as a whole, such as their number. */
        ROWS,
        /** One row as a whole: missing, of the wrong length, or not named where names are required. */
        ROW,
        /** One feature of one row: a bad value, or a name that is unknown, repeated or missing. */
        FEATURE
    }

    /** A rule the rows break together. */
    public static Violation ofRows(String message) {
        return new Violation(Scope.ROWS, NONE, NONE, null, message);
    }

    /** A rule row {@code row} ({@link #NONE}: the single row) breaks as a whole. */
    public static Violation ofRow(int row, String message) {
        return new Violation(Scope.ROW, row, NONE, null, message);
    }

    /** A rule the value at position {@code feature} of a positional row breaks; {@code name} is that feature's. */
    public static Violation atPosition(int row, int feature, String name, String message) {
        return new Violation(Scope.FEATURE, row, feature, name, message);
    }

    /** A rule the feature {@code name} of a named row breaks. */
    public static Violation atName(int row, String name, String message) {
        return new Violation(Scope.FEATURE, row, NONE, name, message);
    }

    /** Whether the violation is in a row of a batch, rather than in a single prediction's row. */
    public boolean inBatch() {
        return row != NONE;
    }

    /** Whether the violation names a feature by its position in the row. */
    public boolean byPosition() {
        return feature != NONE;
    }
}
