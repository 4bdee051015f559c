package io.grove.rest;

import io.grove.scoring.Features;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Reads one row of features: an array of numbers in the model's order, or an object keyed by
 * feature name. Numbers are read straight to {@code double}, with no detour through a tree or
 * {@code BigDecimal}; {@code null} is a missing value, read as {@code NaN} (JSON has no NaN literal, so
 * a NaN can come from nothing else), which the model's input rules then accept or refuse by name. A
 * value that is neither fails with its path ({@code features.sepal_width}, {@code features[2]}) so the
 * error policy can name it. Whether the names fit the model is checked later, against the model that
 * serves the request.
 */
class FeaturesDeserializer extends ValueDeserializer<Features> {

    @Override
    public Features deserialize(JsonParser p, DeserializationContext ctxt) {
        return switch (p.currentToken()) {
            case START_ARRAY -> Features.positional(positional(p));
            case START_OBJECT -> named(p);
            default -> throw MismatchedInputException.from(p, Features.class,
                    "features must be an array of numbers or an object keyed by feature name");
        };
    }

    private static double[] positional(JsonParser p) {
        double[] values = new double[8];
        int count = 0;
        for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
            if (count == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[count] = value(p, token, count, null);
            count++;
        }
        return Arrays.copyOf(values, count);
    }

    /** A number, or {@code NaN} for {@code null}; anything else fails at its index or name. */
    private static double value(JsonParser p, JsonToken token, int index, String name) {
        return switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_NULL -> Double.NaN;
            default -> {
                if (token == JsonToken.VALUE_STRING) {
                    p.getString(); // reads it whole, so that a string over the parser's limits is a 400 as elsewhere
                }
                throw (MismatchedInputException) MismatchedInputException
                        .from(p, double.class, name == null ? "must be a number" : "feature '" + name + "' must be a number")
                        .prependPath(name == null ? new JacksonException.Reference(double[].class, index)
                                : new JacksonException.Reference(Features.class, name));
            }
        };
    }

    private static Features named(JsonParser p) {
        List<String> names = new ArrayList<>();
        double[] values = new double[8];
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken value = p.nextToken();
            if (names.size() == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[names.size()] = value(p, value, names.size(), name);
            names.add(name);
        }
        return new Features(names.toArray(String[]::new), Arrays.copyOf(values, names.size()));
    }
}
