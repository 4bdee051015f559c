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
 * {@code BigDecimal}; a value that is not a number fails with its path ({@code features.sepal_width})
 * so the error policy can name it. Whether the names fit the model is checked later, against the
 * model that serves the request.
 */
class FeaturesDeserializer extends ValueDeserializer<Features> {

    /**
     * Jackson's own {@code double[]} reader, found once: looking it up per row
     * ({@code ctxt.readValue(p, double[].class)}) builds a new one each time, since Jackson does not
     * cache primitive-array deserializers, which cost ~3% of a single-row request's CPU.
     */
    private ValueDeserializer<Object> doubles;

    @Override
    public void resolve(DeserializationContext ctxt) {
        doubles = ctxt.findRootValueDeserializer(ctxt.constructType(double[].class));
    }

    @Override
    public Features deserialize(JsonParser p, DeserializationContext ctxt) {
        return switch (p.currentToken()) {
            case START_ARRAY -> Features.positional(positional(p, ctxt));
            case START_OBJECT -> named(p);
            default -> throw MismatchedInputException.from(p, Features.class,
                    "features must be an array of numbers or an object keyed by feature name");
        };
    }

    private double[] positional(JsonParser p, DeserializationContext ctxt) {
        ValueDeserializer<Object> reader = doubles;
        return reader != null ? (double[]) reader.deserialize(p, ctxt) : ctxt.readValue(p, double[].class);
    }

    private static Features named(JsonParser p) {
        List<String> names = new ArrayList<>();
        double[] values = new double[8];
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken value = p.nextToken();
            if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
                throw (MismatchedInputException) MismatchedInputException
                        .from(p, double.class, "feature '" + name + "' must be a number")
                        .prependPath(new JacksonException.Reference(Features.class, name));
            }
            if (names.size() == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[names.size()] = p.getDoubleValue();
            names.add(name);
        }
        return new Features(names.toArray(String[]::new), Arrays.copyOf(values, names.size()));
    }
}
