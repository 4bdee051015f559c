package io.grove.format.lightgbm;

import java.util.List;

/**
 * A LightGBM model text as {@code GBDT::LoadModelFromString} reads it: what prediction needs, checked.
 * Tree {@code t} belongs to iteration {@code t / treesPerIteration} and class {@code t % treesPerIteration}.
 *
 * @param version           the {@code version=} line: {@code v3} or {@code v4}
 * @param numClass          {@code num_class}
 * @param treesPerIteration {@code num_tree_per_iteration}: 1, or the number of classes
 * @param maxFeatureIdx     {@code max_feature_idx}: a row has {@code maxFeatureIdx + 1} features
 * @param objective         the objective and its output transform
 * @param featureNames      {@code feature_names}, one per feature
 * @param averageOutput     whether the raw score is divided by the number of iterations (random forest)
 * @param trees             the trees, in file order
 */
record LightGBMModel(
        String version,
        int numClass,
        int treesPerIteration,
        int maxFeatureIdx,
        Objective objective,
        List<String> featureNames,
        boolean averageOutput,
        List<LightGBMTree> trees) {

    LightGBMModel {
        featureNames = List.copyOf(featureNames);
        trees = List.copyOf(trees);
    }

    /** The number of boosting iterations LightGBM predicts with: {@code models_.size() / num_tree_per_iteration}. */
    int iterations() {
        return trees.size() / treesPerIteration;
    }
}
