package io.grove.format.onnx;

import io.grove.format.ModelFormatException;
import io.grove.format.onnx.proto.OnnxProtos.AttributeProto;
import io.grove.format.onnx.proto.OnnxProtos.GraphProto;
import io.grove.format.onnx.proto.OnnxProtos.ModelProto;
import io.grove.format.onnx.proto.OnnxProtos.NodeProto;
import io.grove.format.onnx.proto.OnnxProtos.OperatorSetIdProto;
import io.grove.format.onnx.proto.OnnxProtos.TensorProto;
import io.grove.format.onnx.proto.OnnxProtos.TensorShapeProto;
import io.grove.format.onnx.proto.OnnxProtos.TypeProto;
import io.grove.format.onnx.proto.OnnxProtos.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Grove's own checks of a parsed ONNX model, made before the model is compiled or any byte of it
 * reaches ONNX Runtime: known IR version and operator sets, no external data, functions or
 * subgraphs, sane declared shapes and tensor sizes, a bounded, acyclic graph whose every input is
 * produced, and only operators of the standard domains. Stateless.
 */
final class OnnxModelCheck {

    /** The IR versions ONNX Runtime 1.23 reads (Grove's pinned 1.24 reads them too). */
    static final long MIN_IR_VERSION = 3;
    static final long MAX_IR_VERSION = 11;
    /** The newest {@code ai.onnx} operator set ONNX Runtime 1.23 implements (and 1.24). */
    static final long MAX_AI_ONNX_OPSET = 23;
    static final long MAX_AI_ONNX_ML_OPSET = 5;

    private OnnxModelCheck() {
    }

    /**
     * @return the operator sets the model imports, by canonical domain
     * @throws ModelFormatException naming the first problem found
     */
    static Map<String, Long> check(ModelProto model, OnnxLimits limits) {
        if (!model.hasIrVersion() || model.getIrVersion() < MIN_IR_VERSION || model.getIrVersion() > MAX_IR_VERSION) {
            throw new ModelFormatException("The model's IR version " + (model.hasIrVersion() ? model.getIrVersion() : "(none)")
                    + " is not one Grove reads (" + MIN_IR_VERSION + " to " + MAX_IR_VERSION + ").");
        }
        Map<String, Long> opsets = opsets(model);
        if (model.getFunctionsCount() > 0) {
            throw new ModelFormatException("The model defines local functions, which Grove does not serve.");
        }
        if (model.getTrainingInfoCount() > 0) {
            throw new ModelFormatException("The model carries training information, which Grove does not serve.");
        }
        if (!model.hasGraph()) {
            throw new ModelFormatException("The model has no graph.");
        }
        GraphProto graph = model.getGraph();
        if (graph.getSparseInitializerCount() > 0) {
            throw new ModelFormatException("The graph has sparse initializers, which Grove does not serve.");
        }
        if (graph.getNodeCount() > limits.maxGraphNodes()) {
            throw new ModelFormatException("The graph has " + graph.getNodeCount() + " nodes, more than "
                    + limits.maxGraphNodes() + ".");
        }
        for (TensorProto t : graph.getInitializerList()) {
            checkTensor(t, "initializer " + Shown.name(t.getName()), limits);
        }
        for (ValueInfoProto v : graph.getInputList()) {
            checkValueInfo(v, "input", limits);
        }
        for (ValueInfoProto v : graph.getOutputList()) {
            checkValueInfo(v, "output", limits);
        }
        for (ValueInfoProto v : graph.getValueInfoList()) {
            checkValueInfo(v, "value", limits);
        }
        for (NodeProto node : graph.getNodeList()) {
            checkNode(node, opsets, limits);
        }
        checkTopology(graph);
        return opsets;
    }

    private static Map<String, Long> opsets(ModelProto model) {
        Map<String, Long> opsets = new LinkedHashMap<>();
        for (OperatorSetIdProto opset : model.getOpsetImportList()) {
            String domain = OnnxOperators.canonicalDomain(opset.getDomain());
            long version = opset.getVersion();
            long max = switch (domain) {
                case OnnxOperators.AI_ONNX -> MAX_AI_ONNX_OPSET;
                case OnnxOperators.AI_ONNX_ML -> MAX_AI_ONNX_ML_OPSET;
                default -> throw new ModelFormatException("The model imports operator set domain " + Shown.name(opset.getDomain())
                        + ", which Grove does not know (only ai.onnx and ai.onnx.ml).");
            };
            if (version < 1 || version > max) {
                throw new ModelFormatException("The model imports " + domain + " operator set " + version
                        + ", which Grove does not support (1 to " + max + ").");
            }
            if (opsets.put(domain, version) != null) {
                throw new ModelFormatException("The model imports the " + domain + " operator set twice.");
            }
        }
        if (opsets.isEmpty()) {
            throw new ModelFormatException("The model imports no operator set.");
        }
        return opsets;
    }

    private static void checkNode(NodeProto node, Map<String, Long> opsets, OnnxLimits limits) {
        String domain = OnnxOperators.canonicalDomain(node.getDomain());
        if (!OnnxOperators.isKnown(domain, node.getOpType())) {
            throw new ModelFormatException("Unknown operator " + Shown.name(node.getOpType()) + " in domain " + Shown.name(domain) + ".");
        }
        if (!opsets.containsKey(domain)) {
            throw new ModelFormatException("Operator " + Shown.name(node.getOpType()) + " is in domain " + domain
                    + ", whose operator set the model does not import.");
        }
        for (AttributeProto a : node.getAttributeList()) {
            String where = "attribute " + Shown.name(a.getName()) + " of " + node.getOpType();
            if (a.hasG() || a.getGraphsCount() > 0 || a.getType() == AttributeProto.AttributeType.GRAPH
                    || a.getType() == AttributeProto.AttributeType.GRAPHS) {
                throw new ModelFormatException("The " + where + " is a subgraph, which Grove does not serve.");
            }
            if (a.hasSparseTensor() || a.getSparseTensorsCount() > 0) {
                throw new ModelFormatException("The " + where + " is a sparse tensor, which Grove does not serve.");
            }
            if (!a.getRefAttrName().isEmpty()) {
                throw new ModelFormatException("The " + where + " refers to a function attribute outside any function.");
            }
            if (a.hasT()) {
                checkTensor(a.getT(), where, limits);
            }
            for (TensorProto t : a.getTensorsList()) {
                checkTensor(t, where, limits);
            }
            if (a.hasTp()) {
                checkType(a.getTp(), where, limits, 0);
            }
            for (TypeProto tp : a.getTypeProtosList()) {
                checkType(tp, where, limits, 0);
            }
        }
    }

    /** Refuses external data and checks that the declared size is bounded and matches the data held. */
    static void checkTensor(TensorProto t, String where, OnnxLimits limits) {
        if (t.getDataLocation() != 0 || t.getExternalDataCount() > 0) {
            throw new ModelFormatException("The " + where + " keeps its data in an external file; Grove serves only "
                    + "self-contained ONNX files.");
        }
        if (t.hasSegment()) {
            throw new ModelFormatException("The " + where + " is a tensor segment, which Grove does not serve.");
        }
        long elements = 1;
        for (long d : t.getDimsList()) {
            if (d < 0 || d > limits.maxDimension()) {
                throw new ModelFormatException("The " + where + " declares a dimension of " + d + ".");
            }
            elements = Math.multiplyHigh(elements, d) != 0 ? Long.MAX_VALUE : elements * d;
            if (elements > limits.maxTensorElements()) {
                throw new ModelFormatException("The " + where + " declares more than " + limits.maxTensorElements()
                        + " elements.");
            }
        }
        TensorProto.DataType type = TensorProto.DataType.forNumber(t.getDataType());
        if (type == null || type == TensorProto.DataType.UNDEFINED) {
            throw new ModelFormatException("The " + where + " has unknown element type " + t.getDataType() + ".");
        }
        long held;
        long expected = elements;
        if (t.hasRawData()) {
            int size = byteSize(type);
            if (size == 0) {
                throw new ModelFormatException("The " + where + " holds " + type + " values as raw bytes.");
            }
            held = t.getRawData().size();
            expected = elements * size;
        } else {
            held = switch (type) {
                case FLOAT, COMPLEX64 -> t.getFloatDataCount();
                case DOUBLE, COMPLEX128 -> t.getDoubleDataCount();
                case INT64 -> t.getInt64DataCount();
                case UINT32, UINT64 -> t.getUint64DataCount();
                case STRING -> t.getStringDataCount();
                default -> t.getInt32DataCount();
            };
            if (type == TensorProto.DataType.COMPLEX64 || type == TensorProto.DataType.COMPLEX128) {
                expected = elements * 2;
            }
        }
        if (held != expected) {
            throw new ModelFormatException("The " + where + " declares " + elements + " elements but holds data for "
                    + (t.hasRawData() ? held + " bytes" : held + " values") + ".");
        }
    }

    private static int byteSize(TensorProto.DataType type) {
        return switch (type) {
            case BOOL, INT8, UINT8 -> 1;
            case INT16, UINT16, FLOAT16, BFLOAT16 -> 2;
            case FLOAT, INT32, UINT32 -> 4;
            case DOUBLE, INT64, UINT64, COMPLEX64 -> 8;
            case COMPLEX128 -> 16;
            default -> 0;
        };
    }

    private static void checkValueInfo(ValueInfoProto v, String kind, OnnxLimits limits) {
        if (v.hasType()) {
            checkType(v.getType(), kind + " " + Shown.name(v.getName()), limits, 0);
        }
    }

    private static void checkType(TypeProto type, String where, OnnxLimits limits, int depth) {
        if (depth > limits.maxDepth()) {
            throw new ModelFormatException("The type of " + where + " nests too deeply.");
        }
        switch (type.getValueCase()) {
            case TENSOR_TYPE -> {
                if (type.getTensorType().hasShape()) {
                    checkShape(type.getTensorType().getShape(), where, limits);
                }
            }
            case SEQUENCE_TYPE -> checkType(type.getSequenceType().getElemType(), where, limits, depth + 1);
            case MAP_TYPE -> checkType(type.getMapType().getValueType(), where, limits, depth + 1);
            case VALUE_NOT_SET -> {
            }
            default -> throw new ModelFormatException("The " + where + " has an optional, sparse or opaque type, "
                    + "which Grove does not serve.");
        }
    }

    private static void checkShape(TensorShapeProto shape, String where, OnnxLimits limits) {
        long elements = 1;
        for (TensorShapeProto.Dimension d : shape.getDimList()) {
            if (d.hasDimValue()) {
                long v = d.getDimValue();
                if (v < 0 || v > limits.maxDimension()) {
                    throw new ModelFormatException("The " + where + " declares a dimension of " + v + ".");
                }
                elements = Math.multiplyHigh(elements, v) != 0 ? Long.MAX_VALUE : elements * v;
                if (elements > limits.maxTensorElements()) {
                    throw new ModelFormatException("The " + where + " declares a shape of more than "
                            + limits.maxTensorElements() + " elements.");
                }
            }
        }
    }

    /**
     * Kahn's algorithm over the graph: every node must become computable from the graph's inputs and
     * initializers, every value must have one producer, and every graph output must be produced.
     */
    private static void checkTopology(GraphProto graph) {
        Set<String> available = new HashSet<>();
        for (ValueInfoProto v : graph.getInputList()) {
            available.add(v.getName());
        }
        for (TensorProto t : graph.getInitializerList()) {
            available.add(t.getName());
        }
        Map<String, Integer> producer = new HashMap<>();
        List<NodeProto> nodes = graph.getNodeList();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).getOutputList()) {
                if (out.isEmpty()) {
                    continue;
                }
                if (available.contains(out) || producer.putIfAbsent(out, i) != null) {
                    throw new ModelFormatException("The value " + Shown.name(out) + " is produced more than once.");
                }
            }
        }
        int[] missing = new int[nodes.size()];
        Map<String, List<Integer>> consumers = new HashMap<>();
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).getInputList()) {
                if (in.isEmpty() || available.contains(in)) {
                    continue;
                }
                if (!producer.containsKey(in)) {
                    throw new ModelFormatException("Input " + Shown.name(in) + " of node " + Shown.name(describe(nodes.get(i)))
                            + " is produced by nothing in the graph.");
                }
                missing[i]++;
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
            }
            if (missing[i] == 0) {
                ready.add(i);
            }
        }
        int done = 0;
        while (!ready.isEmpty()) {
            int i = ready.poll();
            done++;
            for (String out : nodes.get(i).getOutputList()) {
                for (int c : consumers.getOrDefault(out, List.of())) {
                    if (--missing[c] == 0) {
                        ready.add(c);
                    }
                }
            }
        }
        if (done != nodes.size()) {
            throw new ModelFormatException("The graph has a cycle: " + (nodes.size() - done)
                    + " node(s) depend on their own outputs.");
        }
        for (ValueInfoProto out : graph.getOutputList()) {
            if (!available.contains(out.getName()) && !producer.containsKey(out.getName())) {
                throw new ModelFormatException("The graph output " + Shown.name(out.getName()) + " is produced by nothing.");
            }
        }
    }

    static String describe(NodeProto node) {
        return node.getName().isEmpty() ? node.getOpType() : node.getName() + " (" + node.getOpType() + ")";
    }
}
