package io.grove.format.onnx;

import io.grove.format.ModelFormatException;
import io.grove.format.onnx.CompiledTreeEnsemble.Aggregate;
import io.grove.format.onnx.CompiledTreeEnsemble.Trees;
import io.grove.format.onnx.proto.OnnxProtos.TensorProto;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code TreeEnsemble} operator of {@code ai.onnx.ml} opset 5, read into the same flat trees as
 * the older operators. ONNX Runtime converts it to the opset 3 form ({@code
 * TreeEnsembleAttributesV5::convert_to_v3}): trees in {@code tree_roots} order, one weight per leaf,
 * a root that is a leaf when both its branches are the same leaf, and a {@code BRANCH_MEMBER} node
 * unrolled into a chain of {@code BRANCH_EQ} nodes that each take the true branch for NaN when the
 * node tracks missing values; evaluated directly, that is set membership (or NaN with
 * {@code nodes_missing_value_tracks_true}), which is what Grove compiles, without unrolling.
 */
final class TreeEnsembleV5 {

    private TreeEnsembleV5() {
    }

    /** @return the trees, or {@code null} if their types are not ones Grove compiles (left to ONNX Runtime) */
    static Trees read(Attributes a, int width, boolean inputDouble, boolean rounds) {
        int splitType = a.tensorType("nodes_splits");
        if (splitType != (inputDouble ? TensorProto.DataType.DOUBLE_VALUE : TensorProto.DataType.FLOAT_VALUE)
                || a.tensorType("leaf_weights") != splitType) {
            return null;
        }
        if (a.integer("n_targets", 0) != 1) {
            throw new ModelFormatException("The TreeEnsemble has " + a.integer("n_targets", 0)
                    + " targets; Grove serves regressors of one target.");
        }
        boolean floats = !inputDouble;
        long[] features = a.ints("nodes_featureids");
        double[] splits = a.tensorAsDoubles("nodes_splits");
        int[] modes = a.tensorAsInts("nodes_modes");
        long[] trueIds = a.ints("nodes_truenodeids");
        long[] trueLeafs = a.ints("nodes_trueleafs");
        long[] falseIds = a.ints("nodes_falsenodeids");
        long[] falseLeafs = a.ints("nodes_falseleafs");
        long[] missing = a.ints("nodes_missing_value_tracks_true");
        double[] memberValues = a.tensorAsDoubles("membership_values");
        long[] leafTargets = a.ints("leaf_targetids");
        double[] leafWeights = a.tensorAsDoubles("leaf_weights");
        long[] roots = a.ints("tree_roots");
        int n = features.length;
        int leaves = leafWeights.length;
        if (n == 0 || splits.length != n || modes.length != n || trueIds.length != n || trueLeafs.length != n
                || falseIds.length != n || falseLeafs.length != n || (missing.length != 0 && missing.length != n)
                || leafTargets.length != leaves || roots.length == 0) {
            throw new ModelFormatException("The TreeEnsemble's node, leaf or root attributes are empty or differ in length.");
        }
        int total = n + leaves;
        byte[] mode = new byte[total];
        int[] feature = new int[total];
        double[] threshold = new double[total];
        boolean[] missingTrue = new boolean[total];
        int[] trueChild = new int[total];
        int[] falseChild = new int[total];
        int[] weightStart = new int[total];
        int[] weightCount = new int[total];
        int[] memberStart = new int[total];
        int[] memberEnd = new int[total];
        List<Double> members = new ArrayList<>();
        int nextMember = 0;
        for (int i = 0; i < n; i++) {
            if (modes[i] < 0 || modes[i] > 6) {
                throw new ModelFormatException("Unknown TreeEnsemble node mode " + modes[i] + ".");
            }
            if (features[i] < 0 || features[i] >= width) {
                throw new ModelFormatException("A tree node reads feature " + features[i] + " of " + width + ".");
            }
            mode[i] = modes[i] == 6 ? CompiledTreeEnsemble.MEMBER : (byte) modes[i];
            feature[i] = (int) features[i];
            threshold[i] = floats ? (float) splits[i] : splits[i];
            missingTrue[i] = missing.length > 0 && missing[i] == 1;
            trueChild[i] = child(trueIds[i], trueLeafs[i] != 0, n, leaves);
            falseChild[i] = child(falseIds[i], falseLeafs[i] != 0, n, leaves);
            if (mode[i] == CompiledTreeEnsemble.MEMBER) {
                memberStart[i] = members.size();
                while (nextMember < memberValues.length && !Double.isNaN(memberValues[nextMember])) {
                    // Any value may be a member: ONNX Runtime 1.24 tests sets of integers 0..30 as a bit mask
                    // and any other set value by value, both of which are Grove's == on the value.
                    members.add(floats ? (float) memberValues[nextMember] : memberValues[nextMember]);
                    nextMember++;
                }
                nextMember++;
                memberEnd[i] = members.size();
                if (memberEnd[i] == memberStart[i]) {
                    throw new ModelFormatException("A BRANCH_MEMBER node of the TreeEnsemble has no members.");
                }
            }
        }
        double[] weightValue = new double[leaves];
        int[] weightTarget = new int[leaves];
        for (int l = 0; l < leaves; l++) {
            mode[n + l] = CompiledTreeEnsemble.LEAF;
            weightStart[n + l] = l;
            weightCount[n + l] = 1;
            weightValue[l] = floats ? (float) leafWeights[l] : leafWeights[l];
            weightTarget[l] = (int) leafTargets[l];
        }
        int[] rootIndex = new int[roots.length];
        for (int t = 0; t < roots.length; t++) {
            long r = roots[t];
            if (r < 0 || r >= n) {
                throw new ModelFormatException("Tree root " + r + " is not a node of the TreeEnsemble.");
            }
            // A tree that is one leaf is written as a root whose two branches are the same leaf; ONNX's reference
            // implementation and ONNX Runtime then read the leaf at the root's index. Equal ids alone do not make a
            // leaf: node 7 and leaf 7 are different things (ONNX Runtime 1.23 and older took them for a leaf).
            boolean leaf = falseIds[(int) r] == trueIds[(int) r] && trueLeafs[(int) r] != 0 && falseLeafs[(int) r] != 0;
            rootIndex[t] = leaf ? child(r, true, n, leaves) : (int) r;
        }
        TreeEnsembleCompiler.refuseCycles(mode, trueChild, falseChild);
        double[] memberArray = members.stream().mapToDouble(Double::doubleValue).toArray();
        long post = a.integer("post_transform", 0);
        if (post < 0 || post > 4) {
            throw new ModelFormatException("Unknown TreeEnsemble post_transform " + post + ".");
        }
        // With one target ONNX Runtime applies only PROBIT (FinalizeScores1); the others leave the score as it is.
        return new Trees(width, rounds, floats, rootIndex, feature, threshold, mode, missingTrue, trueChild,
                falseChild, weightStart, weightCount, weightTarget, weightValue, new double[0],
                post == 4 ? PostTransform.PROBIT : PostTransform.NONE, aggregate(a.integer("aggregate_function", 1)),
                memberStart, memberEnd, memberArray);
    }

    private static int child(long id, boolean leaf, int n, int leaves) {
        if (id < 0 || id >= (leaf ? leaves : n)) {
            throw new ModelFormatException("A TreeEnsemble node points to " + (leaf ? "leaf " : "node ") + id
                    + ", which does not exist.");
        }
        return leaf ? n + (int) id : (int) id;
    }

    /** ONNX Runtime's AGGREGATE_FUNCTION numbering: AVERAGE 0, SUM 1, MIN 2, MAX 3. */
    private static Aggregate aggregate(long value) {
        return switch ((int) value) {
            case 0 -> Aggregate.AVERAGE;
            case 1 -> Aggregate.SUM;
            case 2 -> Aggregate.MIN;
            case 3 -> Aggregate.MAX;
            default -> throw new ModelFormatException("Unknown TreeEnsemble aggregate_function " + value + ".");
        };
    }
}
