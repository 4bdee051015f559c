package io.grove.format.xgboost;

import io.grove.format.ModelFormatException;
import java.util.List;
import java.util.Map;

/**
 * Typed access to the plain values {@link JsonModelReader} and {@link UbjsonReader} produce, with
 * one message naming the field for each way a value can be wrong. The two readers give the same
 * values except for arrays: JSON gives {@link List}s, UBJSON's typed arrays primitive arrays; the
 * accessors accept both, so the rest of the format never sees which file it read.
 */
final class ModelDocument {

    /** JSON's and UBJSON's {@code null}, so that a map value is never Java's {@code null}. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private ModelDocument() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String field) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw wrongType(field, "an object", value);
    }

    /** A member that must be present. */
    static Object member(Map<String, Object> object, String key, String field) {
        Object value = object.get(key);
        if (value == null) {
            throw new ModelFormatException("The model has no \"" + field + (field.isEmpty() ? "" : ".") + key + "\".");
        }
        return value;
    }

    static Map<String, Object> object(Map<String, Object> parent, String key, String field) {
        return object(member(parent, key, field), path(field, key));
    }

    static String string(Map<String, Object> parent, String key, String field) {
        Object value = member(parent, key, field);
        if (value instanceof String s) {
            return s;
        }
        throw wrongType(path(field, key), "a string", value);
    }

    static List<Object> list(Object value, String field) {
        if (value instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> items = (List<Object>) list;
            return items;
        }
        throw wrongType(field, "an array", value);
    }

    /**
     * An integer XGBoost keeps as a decimal string, such as {@code "num_feature": "4"}, within bounds.
     */
    static int integerString(Map<String, Object> parent, String key, String field, int min, int max) {
        String text = string(parent, key, field);
        try {
            long v = Long.parseLong(text.strip());
            if (v >= min && v <= max) {
                return (int) v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ModelFormatException("The model's \"" + path(field, key) + "\" is \"" + UbjsonReader.printable(text)
                + "\", not an integer from " + min + " to " + max + ".");
    }

    /** A number array as 32-bit floats, as XGBoost holds it. */
    static float[] floats(Object value, String field) {
        switch (value) {
            case float[] a -> {
                return a;
            }
            case double[] a -> {
                float[] f = new float[a.length];
                for (int i = 0; i < a.length; i++) {
                    f[i] = (float) a[i];
                }
                return f;
            }
            case int[] a -> {
                float[] f = new float[a.length];
                for (int i = 0; i < a.length; i++) {
                    f[i] = a[i];
                }
                return f;
            }
            case long[] a -> {
                float[] f = new float[a.length];
                for (int i = 0; i < a.length; i++) {
                    f[i] = a[i];
                }
                return f;
            }
            case List<?> list -> {
                float[] f = new float[list.size()];
                for (int i = 0; i < f.length; i++) {
                    if (!(list.get(i) instanceof Number n)) {
                        throw wrongType(field + "[" + i + "]", "a number", list.get(i));
                    }
                    f[i] = n instanceof Double d ? (float) (double) d : n.floatValue();
                }
                return f;
            }
            default -> throw wrongType(field, "an array of numbers", value);
        }
    }

    /** An integer array, each element within the range of {@code int}. */
    static int[] ints(Object value, String field) {
        switch (value) {
            case int[] a -> {
                return a;
            }
            case long[] a -> {
                int[] r = new int[a.length];
                for (int i = 0; i < a.length; i++) {
                    r[i] = toInt(a[i], field, i);
                }
                return r;
            }
            case List<?> list -> {
                int[] r = new int[list.size()];
                for (int i = 0; i < r.length; i++) {
                    Object item = list.get(i);
                    if (item instanceof Boolean b) {
                        r[i] = b ? 1 : 0;
                    } else if (item instanceof Long l) {
                        r[i] = toInt(l, field, i);
                    } else {
                        throw wrongType(field + "[" + i + "]", "an integer", item);
                    }
                }
                return r;
            }
            default -> throw wrongType(field, "an array of integers", value);
        }
    }

    private static int toInt(long v, String field, int i) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new ModelFormatException("The model's \"" + field + "[" + i + "]\" is " + v + ", beyond 32 bits.");
        }
        return (int) v;
    }

    /** The number of elements of an array value of either reader, or -1 if it is not an array. */
    static int length(Object value) {
        return switch (value) {
            case List<?> l -> l.size();
            case float[] a -> a.length;
            case double[] a -> a.length;
            case int[] a -> a.length;
            case long[] a -> a.length;
            default -> -1;
        };
    }

    static String path(String field, String key) {
        return field.isEmpty() ? key : field + "." + key;
    }

    private static ModelFormatException wrongType(String field, String expected, Object value) {
        return new ModelFormatException("The model's \"" + field + "\" is " + describe(value) + ", not " + expected + ".");
    }

    private static String describe(Object value) {
        return switch (value) {
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            case String s -> "the string \"" + UbjsonReader.printable(s) + "\"";
            case Boolean b -> "a boolean";
            case Number n -> "the number " + n;
            default -> value == NULL ? "null" : "an array of numbers";
        };
    }
}
