package io.grove.format.onnx;

import io.grove.format.ModelFormatException;
import io.grove.format.onnx.CompiledTreeEnsemble.Aggregate;
import io.grove.format.onnx.CompiledTreeEnsemble.Trees;
import io.grove.format.onnx.proto.OnnxProtos.GraphProto;
import io.grove.format.onnx.proto.OnnxProtos.NodeProto;
import io.grove.format.onnx.proto.OnnxProtos.TensorProto;
import io.grove.scoring.OutputKind;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises a graph that is one tree ensemble, {@code [Cast] -> TreeEnsembleClassifier |
 * TreeEnsembleRegressor (ai.onnx.ml 1 and 3) -> [ZipMap | Identity | Cast]*}, and compiles it to a
 * {@link CompiledTreeEnsemble}. Any other graph is left to ONNX Runtime ({@link Optional#empty()}).
 * Trees that ONNX Runtime would refuse or loop on (unknown modes, missing or self-referencing
 * children, cycles, feature or class indices out of range, leaves without weights) are refused.
 */
final class TreeEnsembleCompiler {

    private static final Set<String> PASS_THROUGH = Set.of("Cast", "Identity", "ZipMap");
    private static final Set<String> TREE_OPS = Set.of("TreeEnsembleClassifier", "TreeEnsembleRegressor", "TreeEnsemble");
    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    private static final int DOUBLE = TensorProto.DataType.DOUBLE_VALUE;

    private TreeEnsembleCompiler() {
    }

    /** The compiled ensemble, or empty if the graph is not a tree ensemble Grove compiles. */
    static Optional<CompiledTreeEnsemble> compile(GraphProto graph, GraphSignature signature, Map<String, Long> opsets) {
        NodeProto tree = null;
        for (NodeProto node : graph.getNodeList()) {
            String domain = OnnxOperators.canonicalDomain(node.getDomain());
            boolean treeOp = domain.equals(OnnxOperators.AI_ONNX_ML) && TREE_OPS.contains(node.getOpType());
            if (treeOp && tree == null) {
                tree = node;
            } else if (treeOp || !PASS_THROUGH.contains(node.getOpType())) {
                return Optional.empty();
            }
        }
        long mlOpset = opsets.getOrDefault(OnnxOperators.AI_ONNX_ML, 0L);
        if (tree == null || signature.inputs().size() != 1 || tree.getInputCount() != 1
                || tree.getOpType().equals("TreeEnsemble") != (mlOpset == 5)) {
            return Optional.empty();
        }
        boolean classifier = tree.getOpType().equals("TreeEnsembleClassifier");
        if (classifier != (signature.output() == OutputKind.CLASSIFICATION)) {
            return Optional.empty();
        }
        Map<String, NodeProto> producers = new HashMap<>();
        for (NodeProto node : graph.getNodeList()) {
            node.getOutputList().forEach(o -> producers.put(o, node));
        }
        // The value the trees see: the graph input through Casts. A float anywhere on the way rounds it.
        int type = signature.inputDouble() ? DOUBLE : FLOAT;
        boolean rounds = type == FLOAT;
        String value = tree.getInput(0);
        int castsToFloat = 0;
        while (!value.equals(signature.inputs().getFirst())) {
            NodeProto node = producers.get(value);
            if (node == null || node.getOpType().equals("ZipMap") || node.getInputCount() != 1) {
                return Optional.empty();
            }
            if (node.getOpType().equals("Cast")) {
                long to = new Attributes(node).integer("to", 0);
                if (to != FLOAT && to != DOUBLE) {
                    return Optional.empty();
                }
                castsToFloat += to == FLOAT ? 1 : 0;
            }
            value = node.getInput(0);
        }
        rounds |= castsToFloat > 0;
        boolean doubleTrees = treeInputType(tree, producers, signature) == DOUBLE;
        if (!outputsComeFrom(graph, tree, producers, signature)) {
            return Optional.empty();
        }
        Attributes a = new Attributes(tree);
        if (tree.getOpType().equals("TreeEnsemble")) {
            Trees trees = TreeEnsembleV5.read(a, signature.width(), doubleTrees, rounds);
            return Optional.ofNullable(trees).map(CompiledTreeEnsemble::regressor);
        }
        String prefix = classifier ? "class_" : "target_";
        boolean asTensor = a.has("nodes_values_as_tensor") || a.has("base_values_as_tensor")
                || a.has(prefix + "weights_as_tensor");
        if (asTensor && !doubleTrees) {
            // ONNX Runtime's float kernel decides what double attributes mean for float inputs; leave it to it.
            return Optional.empty();
        }
        return Optional.of(classifier ? classifier(a, signature, rounds, !doubleTrees)
                : regressor(a, signature, rounds, !doubleTrees));
    }

    private static int treeInputType(NodeProto tree, Map<String, NodeProto> producers, GraphSignature signature) {
        NodeProto p = producers.get(tree.getInput(0));
        while (p != null && !p.getOpType().equals("Cast")) {
            p = producers.get(p.getInput(0));
        }
        if (p == null) {
            return signature.inputDouble() ? DOUBLE : FLOAT;
        }
        return (int) new Attributes(p).integer("to", FLOAT);
    }

    /** Whether every graph output is the tree's label or scores through ZipMap, Identity or numeric Casts. */
    private static boolean outputsComeFrom(GraphProto graph, NodeProto tree, Map<String, NodeProto> producers,
                                           GraphSignature signature) {
        List<String> wanted = signature.output() == OutputKind.CLASSIFICATION
                ? List.of(signature.labelOutput(), signature.scoreOutput()) : List.of(signature.scoreOutput());
        for (int i = 0; i < wanted.size(); i++) {
            String expected = signature.output() == OutputKind.CLASSIFICATION ? tree.getOutput(i) : tree.getOutput(0);
            String value = wanted.get(i);
            while (!value.equals(expected)) {
                NodeProto node = producers.get(value);
                if (node == null || node == tree || node.getInputCount() != 1) {
                    return false;
                }
                if (node.getOpType().equals("Cast") && i == wanted.size() - 1) {
                    long to = new Attributes(node).integer("to", 0);
                    if (to != FLOAT && to != DOUBLE) {
                        return false;
                    }
                }
                value = node.getInput(0);
            }
        }
        return graph.getOutputCount() == wanted.size();
    }

    private static CompiledTreeEnsemble regressor(Attributes a, GraphSignature signature, boolean rounds, boolean floats) {
        long targets = a.integer("n_targets", 0);
        if (targets != 1) {
            throw new ModelFormatException("The TreeEnsembleRegressor has " + targets
                    + " targets; Grove serves regressors of one target.");
        }
        Trees trees = trees(a, "target_", 1, signature.width(), rounds, floats,
                aggregate(a.string("aggregate_function", "SUM")));
        return CompiledTreeEnsemble.regressor(trees);
    }

    private static CompiledTreeEnsemble classifier(Attributes a, GraphSignature signature, boolean rounds, boolean floats) {
        String[] strings = a.strings("classlabels_strings");
        long[] ints = a.ints("classlabels_int64s");
        int classes = strings.length > 0 ? strings.length : ints.length;
        if (classes != signature.classes().size()) {
            throw new ModelFormatException("The TreeEnsembleClassifier has " + classes + " class labels but its outputs "
                    + signature.classes().size() + ".");
        }
        Trees trees = trees(a, "class_", classes, signature.width(), rounds, floats, Aggregate.SUM);
        if (trees.baseValues().length > classes) {
            throw new ModelFormatException("The TreeEnsembleClassifier has more base values than classes.");
        }
        Set<Integer> weightClasses = new HashSet<>();
        long[] ids = a.ints("class_ids");
        double[] weights = a.has("class_weights_as_tensor") ? a.tensorAsDoubles("class_weights_as_tensor")
                : a.floats("class_weights");
        boolean allPositive = true;
        for (int i = 0; i < ids.length; i++) {
            weightClasses.add((int) ids[i]);
            allPositive &= !(weights[i] < 0);
        }
        boolean binaryCase = classes == 2 && weightClasses.size() == 1;
        // Outside its binary case ONNX Runtime labels a two-class row with the label values 1 and 0.
        int positive = 1;
        int negative = 0;
        if (classes == 2 && !binaryCase && strings.length == 0) {
            positive = indexOf(ints, 1);
            negative = indexOf(ints, 0);
            if (positive < 0 || negative < 0) {
                throw new ModelFormatException("The two-class TreeEnsembleClassifier's labels are not 0 and 1, "
                        + "and ONNX Runtime would predict labels 0 and 1.");
            }
        }
        return CompiledTreeEnsemble.classifier(trees, classes, binaryCase, allPositive, positive, negative);
    }

    private static int indexOf(long[] values, long v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static Aggregate aggregate(String name) {
        try {
            return Aggregate.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("Unknown aggregate_function " + Shown.name(name) + ".");
        }
    }

    private static byte mode(String name) {
        return switch (name) {
            case "BRANCH_LEQ" -> CompiledTreeEnsemble.LEQ;
            case "BRANCH_LT" -> CompiledTreeEnsemble.LT;
            case "BRANCH_GTE" -> CompiledTreeEnsemble.GTE;
            case "BRANCH_GT" -> CompiledTreeEnsemble.GT;
            case "BRANCH_EQ" -> CompiledTreeEnsemble.EQ;
            case "BRANCH_NEQ" -> CompiledTreeEnsemble.NEQ;
            case "LEAF" -> CompiledTreeEnsemble.LEAF;
            default -> throw new ModelFormatException("Unknown tree node mode " + Shown.name(name) + ".");
        };
    }

    /** Builds the flat trees as {@code TreeEnsembleCommon::Init} does, refusing what it would refuse. */
    private static Trees trees(Attributes a, String prefix, int outputs, int width, boolean rounds, boolean floats,
                               Aggregate aggregate) {
        long[] treeIds = a.ints("nodes_treeids");
        long[] nodeIds = a.ints("nodes_nodeids");
        long[] featureIds = a.ints("nodes_featureids");
        String[] modes = a.strings("nodes_modes");
        double[] values = a.has("nodes_values_as_tensor") ? a.tensorAsDoubles("nodes_values_as_tensor") : a.floats("nodes_values");
        long[] trueIds = a.ints("nodes_truenodeids");
        long[] falseIds = a.ints("nodes_falsenodeids");
        long[] missing = a.ints("nodes_missing_value_tracks_true");
        int n = treeIds.length;
        if (n == 0 || nodeIds.length != n || featureIds.length != n || modes.length != n || values.length != n
                || trueIds.length != n || falseIds.length != n) {
            throw new ModelFormatException("The tree ensemble's node attributes are empty or differ in length.");
        }
        Map<Long, Integer> index = new HashMap<>(n * 2);
        byte[] mode = new byte[n];
        int[] feature = new int[n];
        double[] threshold = new double[n];
        boolean[] missingTrue = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (index.put(key(treeIds[i], nodeIds[i]), i) != null) {
                throw new ModelFormatException("Node " + nodeIds[i] + " of tree " + treeIds[i] + " is defined twice.");
            }
            mode[i] = mode(modes[i]);
            if (featureIds[i] < 0 || featureIds[i] >= width) {
                throw new ModelFormatException("A tree node reads feature " + featureIds[i] + " of " + width + ".");
            }
            feature[i] = (int) featureIds[i];
            threshold[i] = floats ? (float) values[i] : values[i];
            missingTrue[i] = i < missing.length && missing[i] == 1;
        }
        int[] trueChild = new int[n];
        int[] falseChild = new int[n];
        for (int i = 0; i < n; i++) {
            if (mode[i] != CompiledTreeEnsemble.LEAF) {
                trueChild[i] = child(index, treeIds[i], trueIds[i], n, i);
                falseChild[i] = child(index, treeIds[i], falseIds[i], n, i);
            }
        }
        refuseCycles(mode, trueChild, falseChild);
        long[] wTree = a.ints(prefix + "treeids");
        long[] wNode = a.ints(prefix + "nodeids");
        long[] wTarget = a.ints(prefix + "ids");
        double[] wValue = a.has(prefix + "weights_as_tensor") ? a.tensorAsDoubles(prefix + "weights_as_tensor")
                : a.floats(prefix + "weights");
        int m = wTree.length;
        if (wNode.length != m || wTarget.length != m || wValue.length != m) {
            throw new ModelFormatException("The tree ensemble's weight attributes differ in length.");
        }
        // ONNX Runtime sorts the weights by (tree, node) and keeps the attribute order among equals.
        Integer[] order = new Integer[m];
        for (int k = 0; k < m; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (p, q) -> wTree[p] != wTree[q] ? Long.compare(wTree[p], wTree[q])
                : wNode[p] != wNode[q] ? Long.compare(wNode[p], wNode[q]) : Integer.compare(p, q));
        int[] weightStart = new int[n];
        int[] weightCount = new int[n];
        int[] weightTarget = new int[m];
        double[] weightValue = new double[m];
        int kept = 0;
        for (int k : order) {
            Integer node = index.get(key(wTree[k], wNode[k]));
            if (node == null) {
                throw new ModelFormatException("A weight belongs to node " + wNode[k] + " of tree " + wTree[k]
                        + ", which does not exist.");
            }
            if (mode[node] != CompiledTreeEnsemble.LEAF) {
                continue;
            }
            if (outputs > 1 && (wTarget[k] < 0 || wTarget[k] >= outputs)) {
                throw new ModelFormatException("A leaf weight is for class or target " + wTarget[k] + " of " + outputs + ".");
            }
            if (weightCount[node]++ == 0) {
                weightStart[node] = kept;
            }
            weightTarget[kept] = (int) wTarget[k];
            weightValue[kept] = floats ? (float) wValue[k] : wValue[k];
            kept++;
        }
        int[] roots = new int[n];
        int trees = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || treeIds[i] != treeIds[i - 1]) {
                roots[trees++] = i;
            }
            if (mode[i] == CompiledTreeEnsemble.LEAF && weightCount[i] == 0) {
                throw new ModelFormatException("Leaf " + nodeIds[i] + " of tree " + treeIds[i] + " has no weight.");
            }
        }
        double[] base = a.has("base_values_as_tensor") ? a.tensorAsDoubles("base_values_as_tensor") : a.floats("base_values");
        for (int k = 0; k < base.length; k++) {
            base[k] = floats ? (float) base[k] : base[k];
        }
        return new Trees(width, rounds, floats, Arrays.copyOf(roots, trees), feature, threshold, mode, missingTrue,
                trueChild, falseChild, weightStart, weightCount, Arrays.copyOf(weightTarget, kept),
                Arrays.copyOf(weightValue, kept), base, PostTransform.of(a.string("post_transform", "NONE")), aggregate,
                new int[0], new int[0], new double[0]);
    }

    private static long key(long tree, long node) {
        if (tree < Integer.MIN_VALUE || tree > Integer.MAX_VALUE || node < Integer.MIN_VALUE || node > Integer.MAX_VALUE) {
            throw new ModelFormatException("A tree or node id does not fit in 32 bits.");
        }
        return tree << 32 | (node & 0xFFFFFFFFL);
    }

    private static int child(Map<Long, Integer> index, long tree, long node, int n, int from) {
        Integer i = node < 0 || node >= n ? null : index.get(key(tree, node));
        if (i == null) {
            throw new ModelFormatException("A node of tree " + tree + " points to node " + node + ", which does not exist.");
        }
        if (i == from) {
            throw new ModelFormatException("A node of tree " + tree + " points to itself.");
        }
        return i;
    }

    /** Iterative depth-first search with three colours: a grey node met again closes a cycle. */
    static void refuseCycles(byte[] mode, int[] trueChild, int[] falseChild) {
        int n = mode.length;
        byte[] colour = new byte[n];
        int[] stack = new int[n];
        int[] next = new int[n];
        for (int start = 0; start < n; start++) {
            if (colour[start] != 0) {
                continue;
            }
            int top = 0;
            stack[0] = start;
            next[0] = 0;
            colour[start] = 1;
            while (top >= 0) {
                int node = stack[top];
                if (mode[node] == CompiledTreeEnsemble.LEAF || next[top] == 2) {
                    colour[node] = 2;
                    top--;
                    continue;
                }
                int child = next[top]++ == 0 ? trueChild[node] : falseChild[node];
                if (colour[child] == 1) {
                    throw new ModelFormatException("A tree of the ensemble has a cycle.");
                }
                if (colour[child] == 0) {
                    colour[child] = 1;
                    stack[++top] = child;
                    next[top] = 0;
                }
            }
        }
    }
}
