package io.grove.format.xgboost;

import io.grove.format.ModelFormatException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads XGBoost's JSON model ({@code model.json}) with Jackson's streaming parser into the same
 * plain values as {@link UbjsonReader}, so both files make the same model.
 *
 * <p>A decimal number becomes a {@link Float} parsed from its text with {@link Float#parseFloat}:
 * XGBoost writes every real number as the shortest decimal of a 32-bit float and reads it back as
 * one, so parsing the text straight to float gives back that float (going through a double could
 * round twice). An integer becomes a {@link Long}. Arrays are {@link List}s, objects
 * {@link LinkedHashMap}s, {@code null} is {@link ModelDocument#NULL}.
 *
 * <p>Bounded: Jackson's read constraints cap nesting at {@value UbjsonReader#MAX_DEPTH}, numbers
 * at 100 characters and names at 1,000; a repeated key is refused; the recursion is bounded by
 * that depth. Stateless and thread-safe.
 */
final class JsonModelReader {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(UbjsonReader.MAX_DEPTH)
                    .maxNumberLength(100)
                    .maxNameLength(1_000)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonModelReader() {
    }

    /**
     * Reads one JSON document.
     *
     * @param bytes the document, UTF-8
     * @return its root value
     * @throws ModelFormatException if the bytes are not one well-formed JSON value
     */
    static Object read(byte[] bytes) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ModelFormatException("The JSON model is empty.");
            }
            Object root = value(parser, first);
            if (parser.nextToken() != null) {
                throw new ModelFormatException("The JSON model has content after its end.");
            }
            return root;
        } catch (JacksonException e) {
            throw new ModelFormatException("The JSON model is malformed: " + e.getOriginalMessage() + ".");
        }
    }

    private static Object value(JsonParser parser, JsonToken token) {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> members = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    members.put(name, value(parser, parser.nextToken()));
                }
                yield members;
            }
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    items.add(value(parser, t));
                }
                yield items;
            }
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER_INT -> {
                if (parser.getNumberType() != JsonParser.NumberType.INT
                        && parser.getNumberType() != JsonParser.NumberType.LONG) {
                    throw new ModelFormatException("The JSON model has an integer beyond 64 bits: "
                            + UbjsonReader.printable(parser.getText()) + ".");
                }
                yield parser.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> Float.parseFloat(parser.getText());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> ModelDocument.NULL;
            default -> throw new ModelFormatException("The JSON model has an unexpected " + token + ".");
        };
    }
}
