package io.grove.format.onnx;

import com.google.protobuf.ByteString;
import io.grove.format.onnx.proto.OnnxProtos.AttributeProto;
import io.grove.format.onnx.proto.OnnxProtos.AttributeProto.AttributeType;
import io.grove.format.onnx.proto.OnnxProtos.GraphProto;
import io.grove.format.onnx.proto.OnnxProtos.ModelProto;
import io.grove.format.onnx.proto.OnnxProtos.NodeProto;
import io.grove.format.onnx.proto.OnnxProtos.OperatorSetIdProto;
import io.grove.format.onnx.proto.OnnxProtos.TensorProto;
import io.grove.format.onnx.proto.OnnxProtos.TensorShapeProto;
import io.grove.format.onnx.proto.OnnxProtos.TypeProto;
import io.grove.format.onnx.proto.OnnxProtos.ValueInfoProto;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/** ONNX graphs built in the tests with the protobuf builders: random tree ensembles and small helpers. */
final class OnnxGraphs {

    static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    static final int DOUBLE = TensorProto.DataType.DOUBLE_VALUE;
    static final int INT64 = TensorProto.DataType.INT64_VALUE;
    static final int STRING = TensorProto.DataType.STRING_VALUE;
    static final List<String> MODES = List.of("BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ");

    private OnnxGraphs() {
    }

    static ModelProto.Builder model(GraphProto graph, long onnxOpset, long mlOpset) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("grove-test").setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(onnxOpset))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(mlOpset));
    }

    static ValueInfoProto tensor(String name, int elemType, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("N").build()
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d).build());
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    static ValueInfoProto zipMapOutput(String name, int keyType) {
        TypeProto value = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT)).build();
        TypeProto map = TypeProto.newBuilder().setMapType(TypeProto.Map.newBuilder().setKeyType(keyType).setValueType(value)).build();
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setSequenceType(TypeProto.Sequence.newBuilder().setElemType(map))).build();
    }

    static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    static AttributeProto floats(String name, double... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOATS);
        for (double x : v) {
            a.addFloats((float) x);
        }
        return a.build();
    }

    static AttributeProto doubles(String name, double... v) {
        TensorProto.Builder t = TensorProto.newBuilder().setDataType(DOUBLE).addDims(v.length);
        for (double x : v) {
            t.addDoubleData(x);
        }
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.TENSOR).setT(t).build();
    }

    static AttributeProto strings(String name, String... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.STRINGS);
        for (String x : v) {
            a.addStrings(ByteString.copyFrom(x, StandardCharsets.UTF_8));
        }
        return a.build();
    }

    static AttributeProto string(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(ByteString.copyFrom(v, StandardCharsets.UTF_8)).build();
    }

    static AttributeProto integer(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(v).build();
    }

    static NodeProto node(String op, String domain, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
        return NodeProto.newBuilder().setOpType(op).setDomain(domain).setName(op).addAllInput(inputs).addAllOutput(outputs)
                .addAllAttribute(List.of(attributes)).build();
    }

    /**
     * What a random ensemble looks like.
     *
     * @param width      features
     * @param trees      trees
     * @param depth      the deepest split
     * @param modes      the node modes to draw from
     * @param outputs    classes (classifier) or 1 (regressor)
     * @param oneClass   every leaf weight is for class {@code outputs - 1}: the binary single-class case
     * @param positive   all weights positive
     * @param asTensor   thresholds, weights and base values as double tensors ({@code *_as_tensor})
     * @param distinct   each leaf gives each class at most one weight (as skl2onnx writes); otherwise
     *                   a leaf's classes are drawn with repeats
     */
    record Spec(int width, int trees, int depth, List<String> modes, int outputs, boolean oneClass, boolean positive,
                boolean asTensor, boolean distinct) {
    }

    /** The node and weight attributes of a random ensemble; thresholds come from {@code thresholds}. */
    static List<AttributeProto> randomTrees(Spec spec, String prefix, float[] thresholds, SplittableRandom random) {
        List<Long> treeIds = new ArrayList<>(), nodeIds = new ArrayList<>(), features = new ArrayList<>(),
                trues = new ArrayList<>(), falses = new ArrayList<>(), missing = new ArrayList<>();
        List<String> modes = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Long> wTree = new ArrayList<>(), wNode = new ArrayList<>(), wId = new ArrayList<>();
        List<Double> wValue = new ArrayList<>();
        for (int t = 0; t < spec.trees(); t++) {
            // Breadth-first: node i's children are appended as they are drawn.
            List<Integer> depthOf = new ArrayList<>(List.of(0));
            for (int i = 0; i < depthOf.size(); i++) {
                int d = depthOf.get(i);
                treeIds.add((long) t);
                nodeIds.add((long) i);
                features.add((long) random.nextInt(spec.width()));
                missing.add((long) random.nextInt(2));
                boolean leaf = d == spec.depth() || d > 0 && random.nextInt(4) == 0;
                if (leaf) {
                    modes.add("LEAF");
                    values.add(0.0);
                    trues.add(0L);
                    falses.add(0L);
                    int count = spec.oneClass() || spec.outputs() == 1 ? 1 : 1 + random.nextInt(spec.outputs());
                    List<Long> classes = new ArrayList<>();
                    for (long c = 0; spec.distinct() && c < spec.outputs(); c++) {
                        classes.add(c);
                    }
                    if (spec.distinct()) {
                        Collections.shuffle(classes, new Random(random.nextLong()));
                    }
                    for (int k = 0; k < count; k++) {
                        wTree.add((long) t);
                        wNode.add((long) i);
                        wId.add(spec.oneClass() ? spec.outputs() - 1L : spec.outputs() == 1 ? 0L
                                : spec.distinct() ? classes.get(k) : random.nextInt(spec.outputs()));
                        double w = random.nextDouble() * (spec.positive() ? 1 : 2) - (spec.positive() ? 0 : 1);
                        wValue.add(spec.asTensor() ? w : (float) w);
                    }
                } else {
                    modes.add(spec.modes().get(random.nextInt(spec.modes().size())));
                    float th = thresholds[random.nextInt(thresholds.length)];
                    values.add(spec.asTensor() && random.nextBoolean() ? th + random.nextDouble() * 1e-9 : th);
                    trues.add((long) depthOf.size());
                    depthOf.add(d + 1);
                    falses.add((long) depthOf.size());
                    depthOf.add(d + 1);
                }
            }
        }
        List<AttributeProto> out = new ArrayList<>();
        out.add(ints("nodes_treeids", longs(treeIds)));
        out.add(ints("nodes_nodeids", longs(nodeIds)));
        out.add(ints("nodes_featureids", longs(features)));
        out.add(strings("nodes_modes", modes.toArray(String[]::new)));
        out.add(spec.asTensor() ? doubles("nodes_values_as_tensor", doubles(values)) : floats("nodes_values", doubles(values)));
        out.add(ints("nodes_truenodeids", longs(trues)));
        out.add(ints("nodes_falsenodeids", longs(falses)));
        out.add(ints("nodes_missing_value_tracks_true", longs(missing)));
        out.add(ints(prefix + "treeids", longs(wTree)));
        out.add(ints(prefix + "nodeids", longs(wNode)));
        out.add(ints(prefix + "ids", longs(wId)));
        out.add(spec.asTensor() ? doubles(prefix + "weights_as_tensor", doubles(wValue)) : floats(prefix + "weights", doubles(wValue)));
        return out;
    }

    static long[] longs(List<Long> v) {
        return v.stream().mapToLong(Long::longValue).toArray();
    }

    static double[] doubles(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
