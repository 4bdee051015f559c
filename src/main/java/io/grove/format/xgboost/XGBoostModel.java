package io.grove.format.xgboost;

import java.util.Arrays;
import java.util.List;

/**
 * A gradient-boosted tree model as read from an XGBoost JSON or UBJSON file, checked and
 * independent of which of the two it came from.
 *
 * @param version      the XGBoost version that wrote the file, such as {@code 1.7.4}; empty if the file does not say
 * @param objective    the training objective, which fixes the link and the answer
 * @param numFeature   the number of input features ({@code learner_model_param.num_feature})
 * @param featureNames the feature names from the file, or {@code f0..f{n-1}} when it has none
 * @param outputs      the number of output groups: {@code num_class} for {@code multi:*}, else 1
 * @param baseScore    {@code base_score} per output group, in output space as the file stores it
 * @param baseMargin   {@code base_score} per output group through the objective's link: where each margin starts
 * @param trees        the trees, in the order XGBoost adds them
 * @param treeGroup    the output group of each tree ({@code tree_info})
 */
record XGBoostModel(String version, Objective objective, int numFeature, List<String> featureNames, int outputs,
                    float[] baseScore, float[] baseMargin, List<RegressionTree> trees, int[] treeGroup) {

    XGBoostModel {
        featureNames = List.copyOf(featureNames);
        trees = List.copyOf(trees);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XGBoostModel m && version.equals(m.version) && objective == m.objective
                && numFeature == m.numFeature && featureNames.equals(m.featureNames) && outputs == m.outputs
                && Arrays.equals(baseScore, m.baseScore) && Arrays.equals(baseMargin, m.baseMargin)
                && trees.equals(m.trees) && Arrays.equals(treeGroup, m.treeGroup);
    }

    @Override
    public int hashCode() {
        return trees.hashCode() * 31 + objective.hashCode();
    }

    @Override
    public String toString() {
        return "XGBoostModel[" + objective.xgboostName() + ", " + trees.size() + " trees, " + numFeature + " features]";
    }
}
