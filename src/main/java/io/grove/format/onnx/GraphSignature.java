package io.grove.format.onnx;

import io.grove.format.ModelFormatException;
import io.grove.format.onnx.proto.OnnxProtos.GraphProto;
import io.grove.format.onnx.proto.OnnxProtos.NodeProto;
import io.grove.format.onnx.proto.OnnxProtos.TensorProto;
import io.grove.format.onnx.proto.OnnxProtos.TensorShapeProto;
import io.grove.format.onnx.proto.OnnxProtos.TypeProto;
import io.grove.format.onnx.proto.OnnxProtos.ValueInfoProto;
import io.grove.scoring.OutputKind;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * What a graph takes and gives, as Grove serves it. Inputs: one {@code [N, n]} float or double tensor
 * (features {@code f0..f{n-1}}, positional), or several {@code [N, 1]} tensors (features named after
 * them). Outputs: a label tensor and probabilities (a ZipMap's sequence of maps or a {@code [N, C]}
 * float tensor) for a classifier, or one float tensor of one column for a regressor. Immutable.
 *
 * @param inputs       the graph inputs Grove feeds, in feature order
 * @param inputDouble  whether the inputs are double tensors (otherwise float: each value is rounded to float32)
 * @param width        the number of features of a single input ({@code inputs.size()} for several)
 * @param features     the feature names in scorer order
 * @param positional   whether the feature order is the one the model was trained with
 * @param output       classification or regression
 * @param classes      the class labels in probability order, as strings; empty for a regressor
 * @param labelOutput  the name of the label output, or {@code null} for a regressor
 * @param scoreOutput  the name of the probabilities output (or of the regression output)
 * @param zipMap       whether the probabilities are a ZipMap's sequence of maps
 */
record GraphSignature(List<String> inputs, boolean inputDouble, int width, List<String> features, boolean positional,
                      OutputKind output, List<String> classes, String labelOutput, String scoreOutput, boolean zipMap) {

    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    private static final int DOUBLE = TensorProto.DataType.DOUBLE_VALUE;
    private static final int INT64 = TensorProto.DataType.INT64_VALUE;
    private static final int STRING = TensorProto.DataType.STRING_VALUE;
    /** The most features Grove serves from one model. */
    static final int MAX_FEATURES = 100_000;

    static GraphSignature of(GraphProto graph) {
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : graph.getInitializerList()) {
            initializers.add(t.getName());
        }
        List<ValueInfoProto> inputs = graph.getInputList().stream().filter(v -> !initializers.contains(v.getName())).toList();
        if (inputs.isEmpty()) {
            throw new ModelFormatException("The graph has no input.");
        }
        if (inputs.size() > MAX_FEATURES) {
            throw new ModelFormatException("The graph has more than " + MAX_FEATURES + " inputs.");
        }
        int elem = elemType(inputs.getFirst());
        for (ValueInfoProto in : inputs) {
            if (elemType(in) != FLOAT && elemType(in) != DOUBLE || elemType(in) != elem) {
                throw new ModelFormatException("Input " + Shown.name(in.getName())
                        + " is not a float or double tensor like the other inputs; Grove feeds numeric features only.");
            }
        }
        List<String> names = inputs.stream().map(ValueInfoProto::getName).toList();
        int width;
        List<String> features;
        boolean positional;
        if (inputs.size() == 1) {
            width = columns(inputs.getFirst());
            features = IntStream.range(0, width).mapToObj(i -> "f" + i).toList();
            positional = true;
        } else {
            for (ValueInfoProto in : inputs) {
                if (columns(in) != 1) {
                    throw new ModelFormatException("Input " + Shown.name(in.getName())
                            + " has more than one column; Grove serves several inputs only as one feature each.");
                }
            }
            width = inputs.size();
            features = names;
            positional = false;
            if (new HashSet<>(features).size() != features.size()) {
                throw new ModelFormatException("Two graph inputs share a name.");
            }
        }
        return outputs(graph, names, elem == DOUBLE, width, features, positional);
    }

    private static GraphSignature outputs(GraphProto graph, List<String> inputs, boolean inputDouble, int width,
                                          List<String> features, boolean positional) {
        List<ValueInfoProto> outs = graph.getOutputList();
        if (outs.size() == 1 && isTensor(outs.getFirst(), FLOAT, DOUBLE) && singleColumn(outs.getFirst())) {
            return new GraphSignature(inputs, inputDouble, width, features, positional, OutputKind.REGRESSION, List.of(),
                    null, outs.getFirst().getName(), false);
        }
        if (outs.size() == 2 && isTensor(outs.get(0), INT64, STRING)) {
            ValueInfoProto proba = outs.get(1);
            boolean zip = isZipMapType(proba.getType());
            if (zip || isTensor(proba, FLOAT, DOUBLE)) {
                List<String> classes = classes(graph, proba);
                if (classes.size() < 2) {
                    throw new ModelFormatException("The classifier has fewer than two classes.");
                }
                return new GraphSignature(inputs, inputDouble, width, features, positional, OutputKind.CLASSIFICATION,
                        classes, outs.get(0).getName(), proba.getName(), zip);
            }
        }
        throw new ModelFormatException("The graph's outputs are neither a label and probabilities (a classifier) "
                + "nor one float column (a regressor).");
    }

    /** The class labels: a ZipMap's, else the classifier operator's, else the probability columns' indices. */
    private static List<String> classes(GraphProto graph, ValueInfoProto proba) {
        for (String attribute : List.of("classlabels_strings", "classlabels_int64s", "classlabels_ints")) {
            for (String op : List.of("ZipMap", "TreeEnsembleClassifier", "LinearClassifier", "SVMClassifier")) {
                for (NodeProto node : graph.getNodeList()) {
                    if (node.getOpType().equals(op)) {
                        Attributes a = new Attributes(node);
                        List<String> labels = attribute.equals("classlabels_strings") ? List.of(a.strings(attribute))
                                : java.util.Arrays.stream(a.ints(attribute)).mapToObj(Long::toString).toList();
                        if (!labels.isEmpty()) {
                            if (new LinkedHashSet<>(labels).size() != labels.size()) {
                                throw new ModelFormatException("The classifier's class labels are not distinct.");
                            }
                            return labels;
                        }
                    }
                }
            }
        }
        if (!proba.getType().hasTensorType()) {
            throw new ModelFormatException("The classifier names no class labels.");
        }
        int c = columns(proba);
        return IntStream.range(0, c).mapToObj(Integer::toString).toList();
    }

    private static int elemType(ValueInfoProto v) {
        return v.getType().hasTensorType() ? v.getType().getTensorType().getElemType() : -1;
    }

    private static boolean isTensor(ValueInfoProto v, int type1, int type2) {
        int t = elemType(v);
        return t == type1 || t == type2;
    }

    private static boolean isZipMapType(TypeProto t) {
        if (!t.hasSequenceType() || !t.getSequenceType().getElemType().hasMapType()) {
            return false;
        }
        TypeProto.Map map = t.getSequenceType().getElemType().getMapType();
        return (map.getKeyType() == INT64 || map.getKeyType() == STRING) && map.getValueType().hasTensorType()
                && map.getValueType().getTensorType().getElemType() == FLOAT;
    }

    /** The known size of dimension 1 of a {@code [N, n]} tensor (or 1 for {@code [N]}). */
    private static int columns(ValueInfoProto v) {
        TypeProto.Tensor t = v.getType().getTensorType();
        List<TensorShapeProto.Dimension> dims = t.getShape().getDimList();
        if (t.hasShape() && dims.size() == 1) {
            return 1;
        }
        if (!t.hasShape() || dims.size() != 2 || !dims.get(1).hasDimValue() || dims.get(1).getDimValue() < 1
                || dims.get(1).getDimValue() > MAX_FEATURES) {
            throw new ModelFormatException("Tensor " + Shown.name(v.getName()) + " must have shape [N, n] with n known, "
                    + "from 1 to " + MAX_FEATURES + ".");
        }
        return (int) dims.get(1).getDimValue();
    }

    private static boolean singleColumn(ValueInfoProto v) {
        TypeProto.Tensor t = v.getType().getTensorType();
        List<TensorShapeProto.Dimension> dims = t.getShape().getDimList();
        return !t.hasShape() || dims.size() == 1 || dims.size() == 2 && (!dims.get(1).hasDimValue() || dims.get(1).getDimValue() == 1);
    }
}
