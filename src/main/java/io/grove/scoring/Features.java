package io.grove.scoring;

import java.util.Objects;

/**
 * One row of feature values as a client sent it: either positional, in the model's feature order,
 * or named, as name/value pairs in any order (names may repeat or be unknown until checked by
 * {@link InputSchema#arrange}).
 *
 * @param names  the feature names, parallel to {@code values}; {@code null} for a positional row
 * @param values the values
 */
public record Features(String[] names, double[] values) {

    public Features {
        Objects.requireNonNull(values, "values");
        if (names != null && names.length != values.length) {
            throw new IllegalArgumentException("names and values differ in length");
        }
    }

    /** A row in the model's feature order. */
    public static Features positional(double[] values) {
        return new Features(null, values);
    }

    /** Whether the values are keyed by feature name. */
    public boolean named() {
        return names != null;
    }
}
