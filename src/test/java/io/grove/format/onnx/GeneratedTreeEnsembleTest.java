package io.grove.format.onnx;

import static io.grove.format.onnx.OnnxGraphs.DOUBLE;
import static io.grove.format.onnx.OnnxGraphs.FLOAT;
import static io.grove.format.onnx.OnnxGraphs.INT64;
import static io.grove.format.onnx.OnnxGraphs.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.onnx.OnnxGraphs.Spec;
import io.grove.format.onnx.proto.OnnxProtos.AttributeProto;
import io.grove.format.onnx.proto.OnnxProtos.GraphProto;
import io.grove.format.onnx.proto.OnnxProtos.NodeProto;
import io.grove.format.onnx.proto.OnnxProtos.TensorProto;
import io.grove.scoring.Score;
import io.grove.scoring.Scorer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
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
        for (int classes = 2; classes <= 5; classes++) {
            cases.add(new Case(classes + " classes, at most one weight a class, SOFTMAX", distinctSpec(classes, false),
                    classes, "SOFTMAX", null, classes, FLOAT, false, false, 1));
        }
        cases.add(new Case("3 classes, at most one weight a class, double input", distinctSpec(3, true), 3, "NONE",
                null, 0, DOUBLE, false, false, 3));
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
        return new Spec(WIDTH, 12, 5, modes, outputs, oneClass, positive, asTensor, false);
    }

    /** As {@link #spec}, each leaf giving each class at most one weight: the one-row sums in registers ({@code LeafClassWeights}). */
    private static Spec distinctSpec(int outputs, boolean asTensor) {
        return new Spec(WIDTH, 12, 5, OnnxGraphs.MODES, outputs, false, false, asTensor, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void compiledEqualsOnnxRuntime(Case c) {
        SplittableRandom random = new SplittableRandom(c.name().hashCode());
        float[] thresholds = thresholds(24, random);
        byte[] bytes = build(c, thresholds, random);
        if (c.spec().distinct()) {
            var compiled = (CompiledTreeEnsemble) OnnxFixtures.read(bytes, FormatOptions.DEFAULT).scorer();
            // Float sums only: a double-input kernel accumulates in double.
            assertThat(compiled.sumsClassesInRegisters()).as("one row's class sums in registers")
                    .isEqualTo(c.classes() <= LeafClassWeights.LANES && c.inputType() == FLOAT);
        }
        // PROBIT takes log from Java, rounded to float; ONNX Runtime's logf (glibc) rounds differently now and then.
        compiledEqualsOnnxRuntime(bytes, thresholds, random, c.post().equals("PROBIT") ? 64 : 0);
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
    @CsvSource({"0,0", "1,0", "2,0", "3,0", "0,4", "1,2"})
    void opset5TreeEnsembleEqualsOnnxRuntime(int aggregate, int post) {
        SplittableRandom random = new SplittableRandom(31L * aggregate + post);
        float[] thresholds = thresholds(12, random);
        compiledEqualsOnnxRuntime(buildV5(aggregate, post, thresholds, random), thresholds, random, post == 4 ? 64 : 0);
    }

    /** The attributes of an opset 5 {@code TreeEnsemble} of one target, as lists to be filled. */
    record V5(List<Long> features, List<Double> splits, List<Integer> modes, List<Long> trueIds, List<Long> trueLeafs,
              List<Long> falseIds, List<Long> falseLeafs, List<Long> missing, List<Double> members,
              List<Double> weights, List<Long> targets, List<Long> roots) {

        V5() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>(), new ArrayList<>());
        }

        /** Adds node {@code id} (reserved by the caller); a branch is a leaf index when its flag says so. */
        void node(int id, long feature, int mode, double split, boolean missingTrue, long trueId, boolean trueLeaf,
                  long falseId, boolean falseLeaf) {
            while (features.size() <= id) {
                features.add(0L);
                splits.add(0.0);
                modes.add(0);
                trueIds.add(0L);
                trueLeafs.add(0L);
                falseIds.add(0L);
                falseLeafs.add(0L);
                missing.add(0L);
            }
            features.set(id, feature);
            modes.set(id, mode);
            splits.set(id, split);
            missing.set(id, missingTrue ? 1L : 0L);
            trueIds.set(id, trueId);
            trueLeafs.set(id, trueLeaf ? 1L : 0L);
            falseIds.set(id, falseId);
            falseLeafs.set(id, falseLeaf ? 1L : 0L);
        }

        long leaf(double weight) {
            weights.add(weight);
            targets.add(0L);
            return weights.size() - 1;
        }

        byte[] bytes(int aggregate, int post) {
            TensorProto.Builder modeTensor = TensorProto.newBuilder().setDataType(TensorProto.DataType.UINT8_VALUE)
                    .addDims(modes.size());
            byte[] modeBytes = new byte[modes.size()];
            for (int i = 0; i < modeBytes.length; i++) {
                modeBytes[i] = modes.get(i).byteValue();
            }
            modeTensor.setRawData(ByteString.copyFrom(modeBytes));
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
                    .addAttribute(AttributeProto.newBuilder().setName("nodes_modes")
                            .setType(AttributeProto.AttributeType.TENSOR).setT(modeTensor))
                    .build();
            GraphProto graph = GraphProto.newBuilder().setName("v5").addInput(OnnxGraphs.tensor("X", FLOAT, -1, WIDTH))
                    .addOutput(OnnxGraphs.tensor("Y", FLOAT, -1, 1)).addNode(tree).build();
            return OnnxGraphs.model(graph, 21, 5).build().toByteArray();
        }
    }

    private static byte[] buildV5(int aggregate, int post, float[] thresholds, SplittableRandom random) {
        V5 v5 = new V5();
        for (int t = 0; t < 10; t++) {
            v5.roots().add((long) v5.features().size());
            List<Integer> pending = new ArrayList<>(List.of(v5.features().size()));
            List<Integer> depth = new ArrayList<>(List.of(0));
            v5.node(v5.features().size(), 0, 0, 0, false, 0, false, 0, false);
            for (int p = 0; p < pending.size(); p++) {
                int i = pending.get(p);
                int d = depth.get(p);
                int feature = random.nextInt(WIDTH);
                int mode = random.nextInt(7);
                boolean missingTrue = random.nextInt(2) == 1;
                double split = thresholds[random.nextInt(thresholds.length)];
                if (mode == 6) {
                    for (int m = 0, count = 1 + random.nextInt(3); m < count; m++) {
                        v5.members().add((double) random.nextInt(6));
                    }
                    v5.members().add(Double.NaN);
                }
                long[] ids = new long[2];
                boolean[] leafs = new boolean[2];
                for (int side = 0; side < 2; side++) {
                    leafs[side] = d >= 3 || random.nextInt(3) == 0;
                    if (leafs[side]) {
                        ids[side] = v5.leaf(post == 4 ? random.nextDouble() / 10 : random.nextDouble() * 2 - 1);
                    } else {
                        ids[side] = v5.features().size();
                        v5.node((int) ids[side], 0, 0, 0, false, 0, false, 0, false);
                        pending.add((int) ids[side]);
                        depth.add(d + 1);
                    }
                }
                v5.node(i, feature, mode, split, missingTrue, ids[0], leafs[0], ids[1], leafs[1]);
            }
        }
        return v5.bytes(aggregate, post);
    }

    /**
     * Node and leaf ids are separate spaces: a root whose true branch is node 1 and false branch leaf 1 is a node
     * (ONNX Runtime 1.23 took it for the leaf at the root's index), while a root whose two branches are the same leaf
     * is a tree of one leaf, read, as ONNX's reference implementation and ONNX Runtime read it, at the root's index.
     */
    @Test
    void v5RootsAreLeavesOnlyWhenBothBranchesAreTheSameLeaf() {
        V5 v5 = new V5();
        long first = v5.leaf(100);
        long second = v5.leaf(20);
        long third = v5.leaf(3);
        v5.roots().add(0L);
        v5.node(0, 0, 0, 0.5, false, 1, false, second, true); // x0 <= 0.5 ? node 1 : leaf 1 (20)
        v5.node(1, 1, 0, 0.5, false, first, true, third, true); // x1 <= 0.5 ? leaf 0 (100) : leaf 2 (3)
        v5.roots().add(2L);
        v5.node(2, 0, 0, 0.5, false, third, true, third, true); // one leaf: the leaf at index 2 (3)
        byte[] bytes = v5.bytes(1, 0);
        Scorer compiled = OnnxFixtures.read(bytes, FormatOptions.DEFAULT).scorer();
        double[][] rows = {{0, 0, 0, 0, 0}, {0, 1, 0, 0, 0}, {1, 0, 0, 0, 0}};
        double[] expected = {103, 6, 23};
        try (Scorer ort = OnnxFixtures.read(bytes, OnnxFixtures.RUNTIME).scorer()) {
            for (int r = 0; r < rows.length; r++) {
                assertThat(compiled.score(rows[r])).isEqualTo(new Score.Regression(expected[r]));
                assertThat(ort.score(rows[r])).isEqualTo(new Score.Regression(expected[r]));
            }
        }
    }

    /**
     * A set may hold any value, as the operator specification allows: Grove tests membership value by value.
     * (ONNX Runtime 1.24 refuses a set of several members that are not integers it can cast to int32, which
     * is why this test has no ONNX Runtime side.)
     */
    @Test
    void v5SetsHoldAnyValue() {
        V5 v5 = new V5();
        long in = v5.leaf(1);
        long out = v5.leaf(0);
        v5.roots().add(0L);
        v5.node(0, 0, 6, 0, true, in, true, out, true);
        v5.members().addAll(List.of(-1.0, 2.5, 40.0, 1e9, Double.NaN));
        Scorer compiled = OnnxFixtures.read(v5.bytes(1, 0), FormatOptions.DEFAULT).scorer();
        double[] values = {-1, 2.5, 40, 1e9, Double.NaN, 0, 2, 3, 39, 1e9 + 64, 2.5000002, -1.0000001};
        double[] expected = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
        for (int i = 0; i < values.length; i++) {
            assertThat(compiled.score(new double[] {values[i], 0, 0, 0, 0})).as("x = %s", values[i])
                    .isEqualTo(new Score.Regression(expected[i]));
        }
    }

    private static AttributeProto floatTensor(String name, List<Double> values) {
        TensorProto.Builder t = TensorProto.newBuilder().setDataType(FLOAT).addDims(values.size());
        values.forEach(v -> t.addFloatData(v.floatValue()));
        return AttributeProto.newBuilder().setName(name).setT(t).setType(AttributeProto.AttributeType.TENSOR).build();
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
