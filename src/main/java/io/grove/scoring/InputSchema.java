package io.grove.scoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The input rules of one model version: the features in the order clients send them, the bounds each
 * value must meet, which values may be missing, whether a row may be sent by position, and where
 * each feature goes in the order the model's scorer reads. Immutable and thread-safe.
 *
 * <p>Every value must be finite, or {@code NaN} (a missing value) where the model defines what
 * missing means and the feature allows it. A row with the wrong length is reported once for the row;
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
    private final boolean[] missingAllowed;
    private final boolean positional;
    private final int[] modelPosition;
    private final Map<String, Integer> positions = new HashMap<>();

    /**
     * Rules for a model that reads rows in the clients' order, by position or by name, and has no missing values.
     *
     * @param features the features in the order clients send them
     */
    public InputSchema(List<FeatureSpec> features) {
        this(features, new boolean[features.size()], true, null);
    }

    /**
     * @param features       the features in the order clients send them
     * @param missingAllowed for each feature, whether a value may be missing ({@code NaN})
     * @param positional     whether a row may be sent by position; if not, clients must name every feature
     * @param modelPosition  for each feature, its index in the order the model's scorer reads, or
     *                       {@code null} when that is the clients' order
     */
    public InputSchema(List<FeatureSpec> features, boolean[] missingAllowed, boolean positional, int[] modelPosition) {
        width = features.size();
        if (missingAllowed.length != width || (modelPosition != null && modelPosition.length != width)) {
            throw new IllegalArgumentException("one entry per feature");
        }
        this.missingAllowed = missingAllowed.clone();
        this.positional = positional;
        this.modelPosition = modelPosition == null ? null : modelPosition.clone();
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
            positions.put(f.name(), i);
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

    /** Whether a row may be sent by position; if not, clients must name every feature. */
    public boolean positional() {
        return positional;
    }

    /**
     * Checks a row as the client sent it, positional or named, and puts it in the model's order.
     * A named row must name every feature exactly once and nothing else; its violations are
     * reported by name (a front end renders them as, for example, {@code features.sepal_length}).
     *
     * @param row   the row, may be {@code null}
     * @param index the row's index in a batch, or {@link Violation#NONE} for a single prediction's row
     * @param into  where violations are added
     * @return the values in the order the model's scorer reads, or {@code null} if the row broke a rule
     */
    public double[] arrange(Features row, int index, List<Violation> into) {
        if (row == null) {
            into.add(Violation.ofRow(index, "must not be null"));
            return null;
        }
        if (!row.named() && !positional) {
            into.add(Violation.ofRow(index, "must name its features, as an object {\"" + names[0] + "\": ...}: this model's "
                    + "file records no feature order, so a row by position could be read in an order the client did not "
                    + "mean; its features are " + namesList()));
            return null;
        }
        int before = into.size();
        double[] values = row.named() ? order(row, index, into) : row.values();
        if (values == null) {
            return null;
        }
        check(values, index, row.named(), into);
        return into.size() == before ? toModelOrder(values) : null;
    }

    /**
     * Checks the one row of a single prediction as the client sent it and puts it in the model's
     * order; a valid positional row is checked without allocating.
     *
     * @return the values in the model's feature order
     * @throws InvalidInputException listing every broken rule
     */
    public double[] require(Features row) {
        if (row != null && !row.named() && positional && isValid(row.values())) {
            return toModelOrder(row.values());
        }
        List<Violation> violations = new ArrayList<>(1);
        double[] values = arrange(row, Violation.NONE, violations);
        if (values == null) {
            throw new InvalidInputException(violations);
        }
        return values;
    }

    private double[] order(Features row, int index, List<Violation> into) {
        double[] ordered = new double[width];
        boolean[] seen = new boolean[width];
        int before = into.size();
        for (int i = 0; i < row.names().length; i++) {
            String name = row.names()[i];
            Integer position = positions.get(name);
            if (position == null) {
                into.add(Violation.atName(index, name, "is not a feature of this model; expected " + namesList()));
            } else if (seen[position]) {
                into.add(Violation.atName(index, name, "is given more than once"));
            } else {
                seen[position] = true;
                ordered[position] = row.values()[i];
            }
        }
        for (int i = 0; i < width; i++) {
            if (!seen[i]) {
                into.add(Violation.atName(index, names[i], "is missing"));
            }
        }
        return into.size() == before ? ordered : null;
    }

    private void check(double[] row, int index, boolean named, List<Violation> into) {
        if (row == null) {
            into.add(Violation.ofRow(index, "must not be null"));
            return;
        }
        if (row.length != width) {
            into.add(Violation.ofRow(index, "must have exactly " + width + " values " + namesList() + ", got " + row.length));
            return;
        }
        for (int i = 0; i < width; i++) {
            String rule = brokenRule(i, row[i]);
            if (rule != null) {
                into.add(named ? Violation.atName(index, names[i], rule) : Violation.atPosition(index, i, names[i], rule));
            }
        }
    }

    private double[] toModelOrder(double[] values) {
        if (modelPosition == null) {
            return values;
        }
        double[] ordered = new double[width];
        for (int i = 0; i < width; i++) {
            ordered[modelPosition[i]] = values[i];
        }
        return ordered;
    }

    /** The rule value {@code v} of feature {@code i} breaks, or {@code null} if it is valid. */
    private String brokenRule(int i, double v) {
        if (Double.isNaN(v)) {
            // a NaN reaches the schema only as a missing value (JSON null); JSON has no NaN literal
            return missingAllowed[i] ? null : "must not be missing (null)";
        } else if (Double.isInfinite(v)) {
            return "must be a finite number";
        } else if (lowerExclusive[i] ? v <= lowerBound[i] : v < lowerBound[i]) {
            return lowerRule[i];
        } else if (upperExclusive[i] ? v >= upperBound[i] : v > upperBound[i]) {
            return upperRule[i];
        }
        return null;
    }

    /** Whether a row already in the model's order breaks none of the model's input rules. */
    public boolean isValid(double[] row) {
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

    private String namesList() {
        return "(" + String.join(", ", names) + ")";
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
