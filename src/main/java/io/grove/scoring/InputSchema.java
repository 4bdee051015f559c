package io.grove.scoring;

import java.util.ArrayList;
import java.util.List;

/**
 * The input rules of one model, compiled from the feature specs of its descriptor: how many features a row has and
 * the bounds each value must meet. Immutable and thread-safe.
 *
 * <p>Every value must be finite. A row with the wrong length is reported once for the row;
 * a row with the right length reports every bad value, so a client can fix them all at once.
 */
public final class InputSchema {

    private final int width;
    private final String[] names;
    private final double[] lowerBound;
    private final boolean[] lowerExclusive;
    private final String[] lowerRule;
    private final double[] upperBound;
    private final boolean[] upperExclusive;
    private final String[] upperRule;

    /**
     * @param features the features in the order clients send them
     */
    public InputSchema(List<FeatureSpec> features) {
        width = features.size();
        names = new String[width];
        lowerBound = new double[width];
        lowerExclusive = new boolean[width];
        lowerRule = new String[width];
        upperBound = new double[width];
        upperExclusive = new boolean[width];
        upperRule = new String[width];
        for (int i = 0; i < width; i++) {
            FeatureSpec f = features.get(i);
            names[i] = f.name();
            lowerBound[i] = Double.NEGATIVE_INFINITY;
            upperBound[i] = Double.POSITIVE_INFINITY;
            if (f.exclusiveMinimum() != null) {
                lowerBound[i] = f.exclusiveMinimum();
                lowerExclusive[i] = true;
                lowerRule[i] = "must be greater than " + format(f.exclusiveMinimum());
            } else if (f.minimum() != null) {
                lowerBound[i] = f.minimum();
                lowerRule[i] = "must be greater than or equal to " + format(f.minimum());
            }
            if (f.exclusiveMaximum() != null) {
                upperBound[i] = f.exclusiveMaximum();
                upperExclusive[i] = true;
                upperRule[i] = "must be less than " + format(f.exclusiveMaximum());
            } else if (f.maximum() != null) {
                upperBound[i] = f.maximum();
                upperRule[i] = "must be less than or equal to " + format(f.maximum());
            }
        }
    }

    /** The number of features in a row. */
    public int width() {
        return width;
    }

    /**
     * Checks one row.
     *
     * @param row   the values, may be {@code null}
     * @param field the row's field path, for messages: {@code features} or {@code rows[3]}
     * @param into  where violations are added
     */
    public void check(double[] row, String field, List<Violation> into) {
        if (row == null) {
            into.add(Violation.at(field, "must not be null"));
            return;
        }
        if (row.length != width) {
            into.add(Violation.at(field, "must have exactly " + width + " values " + names() + ", got " + row.length));
            return;
        }
        for (int i = 0; i < width; i++) {
            String rule = brokenRule(i, row[i]);
            if (rule != null) {
                into.add(Violation.at(field + "[" + i + "]", rule + " (" + names[i] + ")"));
            }
        }
    }

    /** The rule value {@code v} of feature {@code i} breaks, or {@code null} if it is valid. */
    private String brokenRule(int i, double v) {
        if (!Double.isFinite(v)) {
            return "must be a finite number";
        } else if (lowerExclusive[i] ? v <= lowerBound[i] : v < lowerBound[i]) {
            return lowerRule[i];
        } else if (upperExclusive[i] ? v >= upperBound[i] : v > upperBound[i]) {
            return upperRule[i];
        }
        return null;
    }

    private boolean isValid(double[] row) {
        if (row == null || row.length != width) {
            return false;
        }
        for (int i = 0; i < width; i++) {
            if (brokenRule(i, row[i]) != null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks one row and throws if it breaks a rule.
     *
     * @throws InvalidInputException listing every broken rule
     */
    public void require(double[] row, String field) {
        if (isValid(row)) {
            return;
        }
        List<Violation> violations = new ArrayList<>(1);
        check(row, field, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    private String names() {
        return "(" + String.join(", ", names) + ")";
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
