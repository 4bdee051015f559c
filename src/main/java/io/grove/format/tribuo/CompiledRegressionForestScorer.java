package io.grove.format.tribuo;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grove.scoring.Score;
import io.grove.scoring.Scorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.common.tree.Node;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.protos.core.WeightedEnsembleModelProto;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.IndependentRegressionTreeModel;

/**
 * Scores rows with a Tribuo random forest regressor flattened into primitive arrays at load time.
 *
 * <p>The result is bit-identical to {@link TribuoRegressionScorer} on the same model, because it
 * repeats the floating-point operations of {@code AveragingCombiner.combine} with weights, in member
 * order: {@code weightSum += weight; mean += (weight / weightSum) * (value - mean)}, where
 * {@code value} is the leaf's value reached by {@code value > threshold} splits, as
 * {@code SplitNode.getNextNode} decides. Only a {@link WeightedEnsembleModel} of single-target
 * {@link IndependentRegressionTreeModel}s combined by an {@link AveragingCombiner} is compiled;
 * {@link #compile} says why it refuses anything else, and the caller falls back to Tribuo.
 *
 * <p>Immutable and thread-safe; {@link #score} allocates only its result.
 */
final class CompiledRegressionForestScorer implements Scorer {

    private final FlatTrees trees;
    private final float[] weights;
    private final double[] leafValue;

    private CompiledRegressionForestScorer(FlatTrees trees, float[] weights, List<Double> leafValues) {
        this.trees = trees;
        this.weights = weights;
        this.leafValue = leafValues.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Flattens a regression forest, if it is one this class reproduces exactly.
     *
     * @param model        the Tribuo regressor, with one target
     * @param form         the model's protobuf form (for the member weights and the combiner)
     * @param featureNames the feature names in the order rows give them
     * @return the compiled scorer
     * @throws UnsupportedModelException naming what the model has that the evaluator does not support
     */
    static CompiledRegressionForestScorer compile(Model<Regressor> model, ModelProto form, List<String> featureNames) {
        if (!(model instanceof WeightedEnsembleModel<Regressor> ensemble)) {
            throw new UnsupportedModelException("a " + model.getClass().getSimpleName() + " is not a WeightedEnsembleModel");
        }
        WeightedEnsembleModelProto proto;
        try {
            proto = form.getSerializedData().unpack(WeightedEnsembleModelProto.class);
        } catch (InvalidProtocolBufferException e) {
            throw new UnsupportedModelException("its protobuf form is not a WeightedEnsembleModelProto");
        }
        if (!AveragingCombiner.class.getName().equals(proto.getCombiner().getClassName())) {
            throw new UnsupportedModelException("its combiner " + proto.getCombiner().getClassName()
                    + " is not an AveragingCombiner");
        }
        List<Model<Regressor>> members = ensemble.getModels();
        if (members.isEmpty() || members.size() != proto.getWeightsCount()) {
            throw new UnsupportedModelException("it has " + members.size() + " members and " + proto.getWeightsCount()
                    + " weights");
        }
        FlatTrees.Builder<Regressor> flat = new FlatTrees.Builder<>(featureNames);
        float[] weights = new float[members.size()];
        List<Double> leafValues = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            if (!(members.get(i) instanceof IndependentRegressionTreeModel tree)
                    || members.get(i).getClass() != IndependentRegressionTreeModel.class) {
                throw new UnsupportedModelException("member " + i + " is a " + members.get(i).getClass().getSimpleName()
                        + ", not an IndependentRegressionTreeModel");
            }
            Map<String, Node<Regressor>> roots = tree.getRoots();
            if (roots.size() != 1) {
                throw new UnsupportedModelException("member " + i + " has " + roots.size() + " roots, not one");
            }
            weights[i] = proto.getWeights(i);
            flat.add(roots.values().iterator().next(), tree.getFeatureIDMap(), leaf -> {
                leafValues.add(leaf.getOutput().getValues()[0]);
                return leafValues.size() - 1;
            });
        }
        return new CompiledRegressionForestScorer(flat.build(), weights, leafValues);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if a value is NaN, as Tribuo does
     */
    @Override
    public Score score(double[] features) {
        trees.requireScorable(features);
        double mean = 0.0;
        double weightSum = 0.0;
        for (int tree = 0, count = trees.trees(); tree < count; tree++) {
            double value = leafValue[trees.leaf(tree, features)];
            float weight = weights[tree];
            weightSum += weight;
            double oldMean = mean;
            mean += (weight / weightSum) * (value - oldMean);
        }
        return new Score.Regression(mean);
    }

    @Override
    public String kind() {
        return "compiled-forest";
    }

    /** The number of trees, for logs and tests. */
    int trees() {
        return trees.trees();
    }
}
