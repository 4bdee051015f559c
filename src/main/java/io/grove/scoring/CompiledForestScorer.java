package io.grove.scoring;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.protos.core.WeightedEnsembleModelProto;

/**
 * Scores rows with a Tribuo random forest flattened into primitive arrays at load time: no
 * {@code Example}, {@code SparseVector}, {@code Prediction} or score maps per row, only array walks.
 *
 * <p>The result is bit-identical to {@link TribuoScorer} on the same model. That holds because
 * every floating-point operation of Tribuo's path is repeated in the same order:
 * <ul>
 *   <li>a split sends a row to its "greater than" child when {@code value > threshold}, else to
 *       its "less than or equal" child ({@code SplitNode.getNextNode});</li>
 *   <li>each leaf keeps its score contributions in the iteration order of the leaf's score map,
 *       which is the order {@code FullyWeightedVotingCombiner.combine} adds them in, each one
 *       already multiplied as {@code (double) memberWeight * score}, the same product Tribuo
 *       computes per row;</li>
 *   <li>the total and each class score are accumulated tree by tree in member order, each
 *       probability is {@code classScore / total}, and the winner is the first maximum in Tribuo's
 *       output-id order (strict {@code >}).</li>
 * </ul>
 * Only a {@link WeightedEnsembleModel} of plain {@link TreeModel} classifiers combined with a
 * {@link FullyWeightedVotingCombiner} is compiled; {@link #compile} says why it refuses anything else,
 * and the caller falls back to {@link TribuoScorer}.
 *
 * <p>Immutable and thread-safe; {@link #score} allocates only its result.
 */
public final class CompiledForestScorer implements Scorer {

    // Splits of all trees share the arrays, indexed by split number. A child or root reference is a
    // split number (>= 0) or ~leafNumber (< 0). Leaf l's contributions are [leafStart[l], leafStart[l + 1]).
    private final int width;
    private final int[] roots;
    private final int[] splitFeature;
    private final double[] threshold;
    private final int[] greater;
    private final int[] lessOrEqual;
    private final int[] leafStart;
    private final int[] contributionClass;
    private final double[] contribution;
    private final int[] classOfOutputId;

    private CompiledForestScorer(Builder b) {
        width = b.width;
        roots = b.roots.stream().mapToInt(Integer::intValue).toArray();
        splitFeature = b.splitFeature.stream().mapToInt(Integer::intValue).toArray();
        threshold = b.threshold.stream().mapToDouble(Double::doubleValue).toArray();
        greater = b.greater.stream().mapToInt(Integer::intValue).toArray();
        lessOrEqual = b.lessOrEqual.stream().mapToInt(Integer::intValue).toArray();
        leafStart = b.leafStart.stream().mapToInt(Integer::intValue).toArray();
        contributionClass = b.contributionClass.stream().mapToInt(Integer::intValue).toArray();
        contribution = b.contribution.stream().mapToDouble(Double::doubleValue).toArray();
        classOfOutputId = b.classOfOutputId;
    }

    /**
     * Flattens a forest, if it is one this class reproduces exactly.
     *
     * @param model        the Tribuo classifier
     * @param form         the model's protobuf form: what its file holds, or {@code model.serialize()}.
     *                     The member weights and the combiner have no public getters; this is their
     *                     public view, and reading it from the file spares re-serializing every tree.
     * @param featureNames the feature names in the descriptor's order
     * @param classes      the class labels in the descriptor's order
     * @return the compiled scorer
     * @throws UnsupportedModelException naming what the model has that the evaluator does not support
     * @throws IllegalArgumentException  if {@code form} is the form of another kind of model
     */
    public static CompiledForestScorer compile(Model<Label> model, ModelProto form, List<String> featureNames,
                                               List<String> classes) {
        if (!form.getClassName().equals(model.getClass().getName())) {
            throw new IllegalArgumentException("the protobuf form of a " + form.getClassName() + " does not describe a "
                    + model.getClass().getName());
        }
        if (!(model instanceof WeightedEnsembleModel<Label> ensemble)) {
            throw new UnsupportedModelException("a " + model.getClass().getSimpleName() + " is not a WeightedEnsembleModel");
        }
        WeightedEnsembleModelProto proto = ensembleProto(form);
        String combiner = proto.getCombiner().getClassName();
        if (!FullyWeightedVotingCombiner.class.getName().equals(combiner)) {
            throw new UnsupportedModelException("its combiner " + combiner + " is not a FullyWeightedVotingCombiner");
        }
        List<Model<Label>> members = ensemble.getModels();
        if (members.size() != proto.getWeightsCount() || members.isEmpty()) {
            throw new UnsupportedModelException("it has " + members.size() + " members and " + proto.getWeightsCount() + " weights");
        }
        Builder b = new Builder(featureNames, classes, ensemble.getOutputIDInfo());
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).getClass() != TreeModel.class) {
                throw new UnsupportedModelException("member " + i + " is a " + members.get(i).getClass().getSimpleName()
                        + ", not a TreeModel");
            }
            TreeModel<Label> tree = (TreeModel<Label>) members.get(i);
            if (tree.getRoot() == null) {
                throw new UnsupportedModelException("member " + i + " has no single root");
            }
            b.roots.add(b.add(tree.getRoot(), tree.getFeatureIDMap(), proto.getWeights(i)));
        }
        return new CompiledForestScorer(b);
    }

    private static WeightedEnsembleModelProto ensembleProto(ModelProto form) {
        try {
            return form.getSerializedData().unpack(WeightedEnsembleModelProto.class);
        } catch (InvalidProtocolBufferException e) {
            throw new UnsupportedModelException("its protobuf form is not a WeightedEnsembleModelProto");
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if a value is NaN, as Tribuo does
     */
    @Override
    public Score score(double[] features) {
        if (features.length != width) {
            throw new IllegalArgumentException("expected " + width + " features, got " + features.length);
        }
        for (double v : features) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("NaN feature value");
            }
        }
        int classes = classOfOutputId.length;
        double[] proba = new double[classes];
        double sum = 0.0;
        for (int root : roots) {
            int node = root;
            while (node >= 0) {
                node = features[splitFeature[node]] > threshold[node] ? greater[node] : lessOrEqual[node];
            }
            int leaf = ~node;
            for (int k = leafStart[leaf], end = leafStart[leaf + 1]; k < end; k++) {
                double c = contribution[k];
                sum += c;
                proba[contributionClass[k]] += c;
            }
        }
        for (int i = 0; i < classes; i++) {
            proba[i] = proba[i] / sum;
        }
        double max = Double.NEGATIVE_INFINITY;
        int best = -1;
        for (int id = 0; id < classes; id++) {
            double p = proba[classOfOutputId[id]];
            if (p > max) {
                max = p;
                best = classOfOutputId[id];
            }
        }
        return new Score.Classification(best, proba);
    }

    @Override
    public String kind() {
        return "compiled-forest";
    }

    /** The number of trees, for logs and tests. */
    public int trees() {
        return roots.length;
    }

    /** Thrown when a model has something the compiled evaluator does not reproduce. */
    public static final class UnsupportedModelException extends RuntimeException {
        UnsupportedModelException(String reason) {
            super(reason);
        }
    }

    /** Collects the flat arrays while walking the trees once, at load time. Not thread-safe. */
    private static final class Builder {
        final int width;
        final List<String> featureNames;
        final List<String> classes;
        final ImmutableOutputInfo<Label> outputInfo;
        final int[] classOfOutputId;
        final List<Integer> roots = new ArrayList<>();
        final List<Integer> splitFeature = new ArrayList<>();
        final List<Double> threshold = new ArrayList<>();
        final List<Integer> greater = new ArrayList<>();
        final List<Integer> lessOrEqual = new ArrayList<>();
        final List<Integer> leafStart = new ArrayList<>(List.of(0));
        final List<Integer> contributionClass = new ArrayList<>();
        final List<Double> contribution = new ArrayList<>();

        Builder(List<String> featureNames, List<String> classes, ImmutableOutputInfo<Label> outputInfo) {
            this.width = featureNames.size();
            this.featureNames = featureNames;
            this.classes = classes;
            this.outputInfo = outputInfo;
            this.classOfOutputId = new int[outputInfo.size()];
            if (outputInfo.size() != classes.size()) {
                throw new UnsupportedModelException("it has " + outputInfo.size() + " outputs but the descriptor lists "
                        + classes.size() + " classes");
            }
            for (int id = 0; id < outputInfo.size(); id++) {
                classOfOutputId[id] = classIndex(outputInfo.getOutput(id).getLabel());
            }
        }

        /** Adds a subtree and returns its reference: a split index, or {@code ~leafIndex}. */
        int add(Node<Label> node, ImmutableFeatureMap features, float weight) {
            if (node instanceof SplitNode<Label> split && node.getClass() == SplitNode.class) {
                int index = splitFeature.size();
                String name = features.get(split.getFeatureID()).getName();
                int feature = featureNames.indexOf(name);
                if (feature < 0) {
                    throw new UnsupportedModelException("it splits on " + name + ", which the descriptor does not list");
                }
                splitFeature.add(feature);
                threshold.add(split.splitValue());
                // Placeholders until the subtrees are added; a child is a split index, or ~leafIndex (negative).
                greater.add(0);
                lessOrEqual.add(0);
                greater.set(index, add(split.getGreaterThan(), features, weight));
                lessOrEqual.set(index, add(split.getLessThanOrEqual(), features, weight));
                return index;
            }
            if (node instanceof LeafNode<Label> leaf && node.getClass() == LeafNode.class) {
                int index = leafStart.size() - 1;
                // Same iteration as FullyWeightedVotingCombiner: the leaf's map is what Prediction hands it.
                for (Map.Entry<String, Label> e : leaf.getDistribution().entrySet()) {
                    if (outputInfo.getID(e.getValue()) < 0) {
                        throw new UnsupportedModelException("a leaf scores the unknown class " + e.getKey());
                    }
                    contributionClass.add(classIndex(e.getValue().getLabel()));
                    contribution.add(weight * e.getValue().getScore());
                }
                leafStart.add(contribution.size());
                return ~index;
            }
            throw new UnsupportedModelException("it has a tree node of type " + node.getClass().getName());
        }

        private int classIndex(String label) {
            int index = classes.indexOf(label);
            if (index < 0) {
                throw new UnsupportedModelException("it predicts " + label + ", which the descriptor does not list");
            }
            return index;
        }
    }
}
