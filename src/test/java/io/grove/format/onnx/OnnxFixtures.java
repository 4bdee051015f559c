package io.grove.format.onnx;

import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFile;
import io.grove.format.onnx.proto.OnnxProtos.AttributeProto;
import io.grove.format.onnx.proto.OnnxProtos.ModelProto;
import io.grove.format.onnx.proto.OnnxProtos.NodeProto;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** The scikit-learn fixtures copied under src/test/resources/io/grove/format/onnx, and rows to probe them with. */
final class OnnxFixtures {

    static final List<String> TREE_MODELS = List.of("iris-rf-sklearn", "diabetes-gbr-sklearn", "breast-cancer-hgb-sklearn");
    static final List<String> ALL_MODELS = List.of("iris-rf-sklearn", "iris-logreg-sklearn", "diabetes-gbr-sklearn",
            "breast-cancer-hgb-sklearn");
    static final FormatOptions RUNTIME = new FormatOptions(true, true, 1);
    static final FormatOptions NO_NATIVE = new FormatOptions(false, false, 1);

    private OnnxFixtures() {
    }

    /** The index of a scikit-learn label in the model's classes (MANIFEST.json's class order). */
    static int classIndex(String model, String label) {
        List<String> classes = switch (model) {
            case "breast-cancer-hgb-sklearn" -> List.of("malignant", "benign");
            default -> List.of("setosa", "versicolor", "virginica");
        };
        return classes.indexOf(label);
    }

    static byte[] bytes(String resource) {
        try (InputStream in = OnnxFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] model(String name) {
        return bytes(name + "/model.onnx");
    }

    static ModelFile file(byte[] bytes) {
        return new ModelFile("model.onnx", Path.of("models/test/1/model.onnx"), bytes);
    }

    static FormatModel read(byte[] bytes, FormatOptions options) {
        return new OnnxFormat().read(file(bytes), options);
    }

    /** expected.csv: a header and rows of numbers (or a label). */
    record Expected(List<String> header, List<String[]> rows) {

        int column(String name) {
            return header.indexOf(name);
        }

        double[] features(int row, int width) {
            double[] x = new double[width];
            for (int k = 0; k < width; k++) {
                x[k] = Double.parseDouble(rows.get(row)[k]);
            }
            return x;
        }
    }

    static Expected expected(String name) {
        String[] lines = new String(bytes(name + "/expected.csv"), StandardCharsets.UTF_8).split("\n");
        List<String[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                rows.add(lines[i].strip().split(","));
            }
        }
        return new Expected(List.of(lines[0].strip().split(",")), rows);
    }

    /** Every split threshold of the model's tree ensemble, by feature. */
    static List<TreeSet<Float>> thresholds(byte[] model, int width) throws IOException {
        List<TreeSet<Float>> out = new ArrayList<>();
        for (int k = 0; k < width; k++) {
            out.add(new TreeSet<>());
        }
        for (NodeProto node : ModelProto.parseFrom(model).getGraph().getNodeList()) {
            if (!node.getOpType().startsWith("TreeEnsemble")) {
                continue;
            }
            List<Long> features = attribute(node, "nodes_featureids").getIntsList();
            List<Float> values = attribute(node, "nodes_values").getFloatsList();
            for (int i = 0; i < features.size(); i++) {
                out.get(features.get(i).intValue()).add(values.get(i));
            }
        }
        return out;
    }

    private static AttributeProto attribute(NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst().orElseThrow();
    }

    /**
     * Rows to probe a model with: uniform in each feature's observed range widened by 10%, with about
     * one value in four replaced by a split threshold or one of its float32 neighbours, and (when
     * {@code nan}) one in twenty by NaN.
     */
    static double[][] probes(Expected expected, int width, List<TreeSet<Float>> thresholds, int n, long seed, boolean nan) {
        double[] lo = new double[width];
        double[] hi = new double[width];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int r = 0; r < expected.rows().size(); r++) {
            double[] x = expected.features(r, width);
            for (int k = 0; k < width; k++) {
                if (!Double.isNaN(x[k])) {
                    lo[k] = Math.min(lo[k], x[k]);
                    hi[k] = Math.max(hi[k], x[k]);
                }
            }
        }
        List<Float[]> splits = thresholds.stream().map(s -> s.toArray(Float[]::new)).toList();
        SplittableRandom random = new SplittableRandom(seed);
        double[][] rows = new double[n][width];
        for (double[] row : rows) {
            for (int k = 0; k < width; k++) {
                double span = hi[k] - lo[k];
                double v = lo[k] - 0.1 * span + random.nextDouble() * 1.2 * span;
                Float[] s = splits.get(k);
                int pick = random.nextInt(20);
                if (s.length > 0 && pick < 5) {
                    float t = s[random.nextInt(s.length)];
                    v = switch (pick) {
                        case 0 -> Math.nextDown(t);
                        case 1 -> Math.nextUp(t);
                        case 2 -> (double) t + Math.ulp(t) / 4;
                        case 3 -> (double) t - Math.ulp(t) / 4;
                        default -> t;
                    };
                } else if (nan && pick == 5) {
                    v = Double.NaN;
                }
                row[k] = v;
            }
        }
        return rows;
    }
}
