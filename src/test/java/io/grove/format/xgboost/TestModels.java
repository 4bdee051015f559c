package io.grove.format.xgboost;

import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFile;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Small XGBoost model documents built in code, to be changed by a test and written as JSON (by
 * Jackson) or UBJSON (the way XGBoost's {@code UBJWriter} writes: keys and strings with an
 * {@code L} length, arrays with an {@code L} count, numbers {@code d} and {@code L}, typed arrays
 * {@code [$type#L}).
 */
final class TestModels {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TestModels() {
    }

    /**
     * A binary:logistic model of two features and one tree: {@code x0 < 0.5} gives -1 (missing goes
     * left), else 1.
     */
    static Map<String, Object> minimal() {
        Map<String, Object> tree = map(
                "tree_param", map("num_nodes", "3", "num_feature", "2", "size_leaf_vector", "1", "num_deleted", "0"),
                "left_children", list(1, -1, -1),
                "right_children", list(2, -1, -1),
                "parents", list(Integer.MAX_VALUE, 0, 0),
                "split_indices", list(0, 0, 0),
                "split_conditions", list(0.5f, -1.0f, 1.0f),
                "default_left", list(1, 0, 0),
                "split_type", list(0, 0, 0));
        return map(
                "learner", map(
                        "attributes", map(),
                        "feature_names", list(),
                        "feature_types", list(),
                        "gradient_booster", map(
                                "name", "gbtree",
                                "model", map(
                                        "gbtree_model_param", map("num_parallel_tree", "1", "num_trees", "1"),
                                        "tree_info", list(0),
                                        "trees", list(tree))),
                        "learner_model_param", map("base_score", "5E-1", "num_class", "0", "num_feature", "2", "num_target", "1"),
                        "objective", map("name", "binary:logistic")),
                "version", list(3, 4, 0));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> learner(Map<String, Object> model) {
        return (Map<String, Object>) model.get("learner");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> param(Map<String, Object> model) {
        return (Map<String, Object>) learner(model).get("learner_model_param");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> booster(Map<String, Object> model) {
        return (Map<String, Object>) learner(model).get("gradient_booster");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> tree(Map<String, Object> model, int i) {
        Map<String, Object> gbtree = (Map<String, Object>) booster(model).get("model");
        return (Map<String, Object>) ((List<Object>) gbtree.get("trees")).get(i);
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    static List<Object> list(Object... items) {
        return new ArrayList<>(List.of(items));
    }

    static byte[] json(Object document) {
        return JSON.writeValueAsBytes(document);
    }

    static FormatModel load(String fileName, byte[] bytes) {
        return new XGBoostFormat().read(new ModelFile(fileName, Path.of("test", fileName), bytes), FormatOptions.DEFAULT);
    }

    static FormatModel loadJson(Object document) {
        return load(XGBoostFormat.JSON_FILE, json(document));
    }

    static FormatModel loadUbj(Object document) {
        return load(XGBoostFormat.UBJSON_FILE, ubj(document));
    }

    /** Writes a document as XGBoost's UBJWriter does; Java arrays become typed arrays. */
    static byte[] ubj(Object document) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(document, out);
        return out.toByteArray();
    }

    private static void write(Object value, ByteArrayOutputStream out) {
        switch (value) {
            case null -> out.write('Z');
            case Map<?, ?> m -> {
                out.write('{');
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    string((String) e.getKey(), out);
                    write(e.getValue(), out);
                }
                out.write('}');
            }
            case List<?> l -> {
                out.write('[');
                out.write('#');
                integer(l.size(), out);
                for (Object item : l) {
                    write(item, out);
                }
            }
            case float[] a -> typed('d', a.length, out, b -> {
                for (float f : a) {
                    b.putFloat(f);
                }
            });
            case int[] a -> typed('l', a.length, out, b -> {
                for (int i : a) {
                    b.putInt(i);
                }
            });
            case String s -> {
                out.write('S');
                string(s, out);
            }
            case Boolean b -> out.write(b ? 'T' : 'F');
            case Float f -> {
                out.write('d');
                out.writeBytes(ByteBuffer.allocate(4).putFloat(f).array());
            }
            case Double d -> {
                out.write('d');
                out.writeBytes(ByteBuffer.allocate(4).putFloat(d.floatValue()).array());
            }
            case Number n -> integer(n.longValue(), out);
            default -> throw new IllegalArgumentException(value.getClass().getName());
        }
    }

    /** A typed array of {@code n} four-byte elements, which {@code elements} puts. */
    private static void typed(char type, int n, ByteArrayOutputStream out, Consumer<ByteBuffer> elements) {
        out.write('[');
        out.write('$');
        out.write(type);
        out.write('#');
        integer(n, out);
        ByteBuffer b = ByteBuffer.allocate(4 * n);
        elements.accept(b);
        out.writeBytes(b.array());
    }

    /** The index of the first largest value, as XGBoost's {@code FindMaxIndex} picks a class. */
    static int firstMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void string(String s, ByteArrayOutputStream out) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        integer(utf8.length, out);
        out.writeBytes(utf8);
    }

    private static void integer(long v, ByteArrayOutputStream out) {
        out.write('L');
        out.writeBytes(ByteBuffer.allocate(8).putLong(v).array());
    }
}
