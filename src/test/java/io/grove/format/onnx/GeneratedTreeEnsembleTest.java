package io.grove.format.onnx;

import static io.grove.format.onnx.OnnxGraphs.DOUBLE;
import static io.grove.format.onnx.OnnxGraphs.FLOAT;
import static io.grove.format.onnx.OnnxGraphs.INT64;
import static io.grove.format.onnx.OnnxGraphs.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.onnx.OnnxGraphs.Spec;
import io.grove.format.onnx.proto.OnnxProtos.AttributeProto;
import io.grove.format.onnx.proto.OnnxProtos.GraphProto;
import io.grove.format.onnx.proto.OnnxProtos.NodeProto;
import io.grove.scoring.Scorer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random tree ensembles built with the protobuf builders, compiled by Grove and run on ONNX Runtime
 * (one intra-op thread) side by side on 1,500 rows each (a quarter of the values on thresholds or
 * their float32 neighbours, one in twenty NaN): every node mode, every post transform, every aggregate function, base values of
 * every length, the binary single-class case with positive and mixed weights, labels as strings
 * behind a ZipMap, double inputs with {@code *_as_tensor} attributes, and a Cast from double
 * inputs. All must be bit-identical (NaN matching NaN), except PROBIT outputs, within 64 float32 ulps:
 * Grove takes {@code log} from Java and ONNX Runtime from glibc's {@code logf}.
 */
class GeneratedTreeEnsembleTest {

    static final int ROWS = 1_500;
    static final int WIDTH = 5;

    /** One generated case: a classifier (classes >= 2) or a regressor (classes == 0). */
    record Case(String name, Spec spec, int classes, String post, String aggregate, int baseValues, int inputType,
                boolean castToFloat, boolean zipMapStrings, long mlOpset) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>();
        List<String> all = OnnxGraphs.MODES;
        for (String mode : all) {
            cases.add(new Case("3 classes, " + mode, spec(List.of(mode), 3, false, false, false), 3, "NONE", null, 0,
                    FLOAT, false, false, 1));
        }
        for (String post : List.of("NONE", "SOFTMAX", "LOGISTIC", "SOFTMAX_ZERO", "PROBIT")) {
            for (int base : new int[] {0, 3}) {
                cases.add(new Case("3 classes, " + post + ", " + base + " base values", spec(all, 3, false, false, false),
                        3, post, null, base, FLOAT, false, false, 3));
            }
        }
        for (boolean oneClass : new boolean[] {true, false}) {
            for (boolean positive : new boolean[] {true, false}) {
                for (int base = 0; base <= 2; base++) {
                    for (String post : List.of("NONE", "LOGISTIC", "PROBIT")) {
                        cases.add(new Case("binary, " + (oneClass ? "one class" : "two classes") + ", "
                                + (positive ? "positive" : "mixed") + " weights, " + base + " base values, " + post,
                                spec(all, 2, oneClass, positive, false), 2, post, null, base, FLOAT, false, false, 1));
                    }
                }
            }
        }
        cases.add(new Case("string labels behind a ZipMap", spec(all, 4, false, false, false), 4, "SOFTMAX", null, 4,
                FLOAT, false, true, 1));
        cases.add(new Case("double input, as_tensor classifier", spec(all, 3, false, false, true), 3, "SOFTMAX", null, 3,
                DOUBLE, false, false, 3));
        cases.add(new Case("double input cast to float", spec(all, 3, false, false, false), 3, "NONE", null, 0,
                DOUBLE, true, false, 1));
        for (String aggregate : List.of("SUM", "AVERAGE", "MIN", "MAX")) {
            for (int base = 0; base <= 1; base++) {
                for (String post : List.of("NONE", "PROBIT")) {
                    cases.add(new Case("regressor, " + aggregate + ", " + base + " base values, " + post,
                            spec(all, 1, false, post.equals("PROBIT"), false), 0, post, aggregate, base, FLOAT, false,
                            false, 1));
                }
            }
        }
        cases.add(new Case("double input, as_tensor regressor", spec(all, 1, false, false, true), 0, "NONE", "SUM", 1,
                DOUBLE, false, false, 3));
        return cases.stream().map(Arguments::of);
    }

    private static Spec spec(List<String> modes, int outputs, boolean oneClass, boolean positive, boolean asTensor) {
        return new Spec(WIDTH, 12, 5, modes, outputs, oneClass, positive, asTensor);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void compiledEqualsOnnxRuntime(Case c) {
        SplittableRandom random = new SplittableRandom(c.name().hashCode());
        float[] thresholds = thresholds(24, random);
        // PROBIT takes log from Java, rounded to float; ONNX Runtime's logf (glibc) rounds differently now and then.
        compiledEqualsOnnxRuntime(build(c, thresholds, random), thresholds, random, c.post().equals("PROBIT") ? 64 : 0);
    }

    /** Integers -3..2 (for the equality modes and set members) and random floats in [-2, 2). */
    private static float[] thresholds(int n, SplittableRandom random) {
        float[] thresholds = new float[n];
        for (int i = 0; i < n; i++) {
            thresholds[i] = i < 6 ? i - 3 : (float) (random.nextDouble() * 4 - 2);
        }
        return thresholds;
    }

    /** Compiles the model, runs it on ONNX Runtime, and compares them on rows that often sit on or next to a threshold. */
    private static void compiledEqualsOnnxRuntime(byte[] bytes, float[] thresholds, SplittableRandom random, int maxUlps) {
        FormatModel compiled = OnnxFixtures.read(bytes, FormatOptions.DEFAULT);
        assertThat(compiled.scorer().kind()).isEqualTo("compiled-forest");
        double[][] rows = new double[ROWS][WIDTH];
        for (double[] row : rows) {
            for (int k = 0; k < WIDTH; k++) {
                int pick = random.nextInt(20);
                float t = thresholds[random.nextInt(thresholds.length)];
                row[k] = pick < 5 ? t : pick == 5 ? Math.nextUp(t) : pick == 6 ? Math.nextDown(t)
                        : pick == 7 ? Double.NaN : random.nextDouble() * 6 - 3;
            }
        }
        try (Scorer ort = OnnxFixtures.read(bytes, OnnxFixtures.RUNTIME).scorer()) {
            OnnxFixtureEqualityTest.assertSameScores(compiled.scorer(), ort, rows, maxUlps);
        }
    }

    /** Opset 5 TreeEnsemble regressors: every mode including BRANCH_MEMBER, every aggregate, with and without PROBIT. */
    @ParameterizedTest(name = "opset 5, aggregate {0}, post_transform {1}")
    @org.junit.jupiter.params.provider.CsvSource({"0,0", "1,0", "2,0", "3,0", "0,4", "1,2"})
    void opset5TreeEnsembleEqualsOnnxRuntime(int aggregate, int post) {
        SplittableRandom random = new SplittableRandom(31L * aggregate + post);
        float[] thresholds = thresholds(12, random);
        compiledEqualsOnnxRuntime(buildV5(aggregate, post, thresholds, random), thresholds, random, post == 4 ? 64 : 0);
    }

    private static byte[] buildV5(int aggregate, int post, float[] thresholds, SplittableRandom random) {
        List<Long> features = new ArrayList<>(), trueIds = new ArrayList<>(), trueLeafs = new ArrayList<>(),
                falseIds = new ArrayList<>(), falseLeafs = new ArrayList<>(), missing = new ArrayList<>(),
                roots = new ArrayList<>(), targets = new ArrayList<>();
        List<Double> splits = new ArrayList<>(), members = new ArrayList<>(), weights = new ArrayList<>();
        List<Integer> modes = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            roots.add((long) features.size());
            List<Integer> pending = new ArrayList<>(List.of(features.size()));
            List<Integer> depth = new ArrayList<>(List.of(0));
            features.add(0L);
            for (int p = 0; p < pending.size(); p++) {
                int i = pending.get(p);
                int d = depth.get(p);
                features.set(i, (long) random.nextInt(WIDTH));
                int mode = random.nextInt(7);
                modes.add(mode);
                missing.add((long) random.nextInt(2));
                splits.add((double) thresholds[random.nextInt(thresholds.length)]);
                if (mode == 6) {
                    for (int m = 0, count = 1 + random.nextInt(3); m < count; m++) {
                        members.add((double) random.nextInt(6));
                    }
                    members.add(Double.NaN);
                }
                for (int side = 0; side < 2; side++) {
                    boolean leaf = d >= 3 || random.nextInt(3) == 0;
                    long id;
                    if (leaf) {
                        id = weights.size();
                        weights.add(post == 4 ? random.nextDouble() / 10 : random.nextDouble() * 2 - 1);
                        targets.add(0L);
                    } else {
                        id = features.size();
                        features.add(0L);
                        pending.add((int) id);
                        depth.add(d + 1);
                    }
                    (side == 0 ? trueIds : falseIds).add(id);
                    (side == 0 ? trueLeafs : falseLeafs).add(leaf ? 1L : 0L);
                }
            }
        }
        io.grove.format.onnx.proto.OnnxProtos.TensorProto.Builder modeTensor =
                io.grove.format.onnx.proto.OnnxProtos.TensorProto.newBuilder()
                        .setDataType(io.grove.format.onnx.proto.OnnxProtos.TensorProto.DataType.UINT8_VALUE).addDims(modes.size());
        byte[] modeBytes = new byte[modes.size()];
        for (int i = 0; i < modeBytes.length; i++) {
            modeBytes[i] = modes.get(i).byteValue();
        }
        modeTensor.setRawData(com.google.protobuf.ByteString.copyFrom(modeBytes));
        NodeProto tree = NodeProto.newBuilder(OnnxGraphs.node("TreeEnsemble", "ai.onnx.ml", List.of("X"), List.of("Y"),
                        OnnxGraphs.ints("nodes_featureids", OnnxGraphs.longs(features)),
                        floatTensor("nodes_splits", splits),
                        OnnxGraphs.ints("nodes_truenodeids", OnnxGraphs.longs(trueIds)),
                        OnnxGraphs.ints("nodes_trueleafs", OnnxGraphs.longs(trueLeafs)),
                        OnnxGraphs.ints("nodes_falsenodeids", OnnxGraphs.longs(falseIds)),
                        OnnxGraphs.ints("nodes_falseleafs", OnnxGraphs.longs(falseLeafs)),
                        OnnxGraphs.ints("nodes_missing_value_tracks_true", OnnxGraphs.longs(missing)),
                        floatTensor("membership_values", members),
                        OnnxGraphs.ints("leaf_targetids", OnnxGraphs.longs(targets)),
                        floatTensor("leaf_weights", weights),
                        OnnxGraphs.ints("tree_roots", OnnxGraphs.longs(roots)),
                        OnnxGraphs.integer("n_targets", 1), OnnxGraphs.integer("aggregate_function", aggregate),
                        OnnxGraphs.integer("post_transform", post)))
                .addAttribute(io.grove.format.onnx.proto.OnnxProtos.AttributeProto.newBuilder().setName("nodes_modes")
                        .setType(io.grove.format.onnx.proto.OnnxProtos.AttributeProto.AttributeType.TENSOR).setT(modeTensor))
                .build();
        GraphProto graph = GraphProto.newBuilder().setName("v5").addInput(OnnxGraphs.tensor("X", FLOAT, -1, WIDTH))
                .addOutput(OnnxGraphs.tensor("Y", FLOAT, -1, 1)).addNode(tree).build();
        return OnnxGraphs.model(graph, 21, 5).build().toByteArray();
    }

    private static AttributeProto floatTensor(String name, List<Double> values) {
        io.grove.format.onnx.proto.OnnxProtos.TensorProto.Builder t = io.grove.format.onnx.proto.OnnxProtos.TensorProto
                .newBuilder().setDataType(FLOAT).addDims(values.size());
        values.forEach(v -> t.addFloatData(v.floatValue()));
        return AttributeProto.newBuilder().setName(name).setT(t)
                .setType(io.grove.format.onnx.proto.OnnxProtos.AttributeProto.AttributeType.TENSOR).build();
    }

    static byte[] build(Case c, float[] thresholds, SplittableRandom random) {
        boolean classifier = c.classes() > 0;
        List<AttributeProto> attributes = new ArrayList<>(OnnxGraphs.randomTrees(c.spec(), classifier ? "class_" : "target_",
                thresholds, random));
        attributes.add(OnnxGraphs.string("post_transform", c.post()));
        if (c.baseValues() > 0) {
            double[] base = random.doubles(c.baseValues(), -1, 1).toArray();
            attributes.add(c.spec().asTensor() ? OnnxGraphs.doubles("base_values_as_tensor", base)
                    : OnnxGraphs.floats("base_values", base));
        }
        String[] labels = new String[c.classes()];
        long[] intLabels = new long[c.classes()];
        for (int k = 0; k < c.classes(); k++) {
            labels[k] = "class-" + k;
            intLabels[k] = k;
        }
        if (classifier) {
            attributes.add(c.zipMapStrings() ? OnnxGraphs.strings("classlabels_strings", labels)
                    : OnnxGraphs.ints("classlabels_int64s", intLabels));
        } else {
            attributes.add(OnnxGraphs.integer("n_targets", 1));
            attributes.add(OnnxGraphs.string("aggregate_function", c.aggregate()));
        }
        GraphProto.Builder graph = GraphProto.newBuilder().setName("generated")
                .addInput(OnnxGraphs.tensor("X", c.inputType(), -1, WIDTH));
        String treeInput = "X";
        if (c.castToFloat()) {
            graph.addNode(OnnxGraphs.node("Cast", "", List.of("X"), List.of("Xf"), OnnxGraphs.integer("to", FLOAT)));
            treeInput = "Xf";
        }
        String op = classifier ? "TreeEnsembleClassifier" : "TreeEnsembleRegressor";
        List<String> outputs = classifier ? List.of("label", "probabilities") : List.of("variable");
        graph.addNode(NodeProto.newBuilder(OnnxGraphs.node(op, "ai.onnx.ml", List.of(treeInput), outputs))
                .addAllAttribute(attributes).build());
        if (!classifier) {
            graph.addOutput(OnnxGraphs.tensor("variable", FLOAT, -1, 1));
        } else if (c.zipMapStrings()) {
            graph.addNode(OnnxGraphs.node("ZipMap", "ai.onnx.ml", List.of("probabilities"), List.of("output_probability"),
                    OnnxGraphs.strings("classlabels_strings", labels)));
            graph.addOutput(OnnxGraphs.tensor("label", STRING, -1));
            graph.addOutput(OnnxGraphs.zipMapOutput("output_probability", STRING));
        } else {
            graph.addOutput(OnnxGraphs.tensor("label", INT64, -1));
            graph.addOutput(OnnxGraphs.tensor("probabilities", FLOAT, -1, c.classes()));
        }
        return OnnxGraphs.model(graph.build(), 15, c.mlOpset()).build().toByteArray();
    }
}
