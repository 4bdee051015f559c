package io.grove.format.tribuo;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grove.scoring.Score;
import io.grove.scoring.Scorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.protos.core.WeightedEnsembleModelProto;

/**
 * Scores rows with a Tribuo random forest classifier flattened into primitive arrays at load time: no
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
final class CompiledForestScorer implements Scorer {

    // Leaf l's contributions are [leafStart[l], leafStart[l + 1]).
    private final FlatTrees trees;
    private final int[] leafStart;
    private final int[] contributionClass;
    private final double[] contribution;
    private final int[] classOfOutputId;

    private CompiledForestScorer(FlatTrees trees, Leaves leaves) {
        this.trees = trees;
        leafStart = leaves.leafStart.stream().mapToInt(Integer::intValue).toArray();
        contributionClass = leaves.contributionClass.stream().mapToInt(Integer::intValue).toArray();
        contribution = leaves.contribution.stream().mapToDouble(Double::doubleValue).toArray();
        classOfOutputId = leaves.classOfOutputId;
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
    static CompiledForestScorer compile(Model<Label> model, ModelProto form, List<String> featureNames,
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
        Leaves leaves = new Leaves(classes, ensemble.getOutputIDInfo());
        FlatTrees.Builder<Label> flat = new FlatTrees.Builder<>(featureNames);
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).getClass() != TreeModel.class) {
                throw new UnsupportedModelException("member " + i + " is a " + members.get(i).getClass().getSimpleName()
                        + ", not a TreeModel");
            }
            TreeModel<Label> tree = (TreeModel<Label>) members.get(i);
            if (tree.getRoot() == null) {
                throw new UnsupportedModelException("member " + i + " has no single root");
            }
            float weight = proto.getWeights(i);
            flat.add(tree.getRoot(), tree.getFeatureIDMap(), leaf -> leaves.add(leaf, weight));
        }
        return new CompiledForestScorer(flat.build(), leaves);
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
        trees.requireScorable(features);
        int classes = classOfOutputId.length;
        double[] proba = new double[classes];
        double sum = 0.0;
        for (int tree = 0, count = trees.trees(); tree < count; tree++) {
            int leaf = trees.leaf(tree, features);
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
    int trees() {
        return trees.trees();
    }


    /** Collects each leaf's class contributions, in the order the trees are flattened. Not thread-safe. */
    private static final class Leaves {
        final List<String> classes;
        final ImmutableOutputInfo<Label> outputInfo;
        final int[] classOfOutputId;
        final List<Integer> leafStart = new ArrayList<>(List.of(0));
        final List<Integer> contributionClass = new ArrayList<>();
        final List<Double> contribution = new ArrayList<>();

        Leaves(List<String> classes, ImmutableOutputInfo<Label> outputInfo) {
            this.classes = classes;
            this.outputInfo = outputInfo;
            this.classOfOutputId = new int[outputInfo.size()];
            if (outputInfo.size() != classes.size()) {
                throw new UnsupportedModelException("it has " + outputInfo.size() + " outputs but "
                        + classes.size() + " classes are listed");
            }
            for (int id = 0; id < outputInfo.size(); id++) {
                classOfOutputId[id] = classIndex(outputInfo.getOutput(id).getLabel());
            }
        }

        /** Records a leaf's contributions, each already multiplied by its tree's weight; returns its number. */
        int add(LeafNode<Label> leaf, float weight) {
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
            return index;
        }

        private int classIndex(String label) {
            int index = classes.indexOf(label);
            if (index < 0) {
                throw new UnsupportedModelException("it predicts " + label + ", which is not among its classes");
            }
            return index;
        }
    }
}
