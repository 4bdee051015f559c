package io.grove.model;

import io.grove.scoring.FeatureSpec;
import io.grove.scoring.OutputKind;
import java.util.List;

/**
 * The public contract of a loaded model version, as clients see it: what the model file says,
 * refined by its descriptor. Immutable.
 *
 * @param name        the model's name
 * @param version     the version
 * @param description a human-readable summary, may be {@code null}
 * @param output      classification or regression
 * @param features    the features in the order clients send them, with their constraints
 * @param classes     a classifier's class labels in the order probabilities are reported; empty for a regressor
 * @param example     a valid row in the clients' order: the descriptor's, or one made from the constraints
 */
public record ModelSignature(
        String name,
        String version,
        String description,
        OutputKind output,
        List<FeatureSpec> features,
        List<String> classes,
        List<Double> example) {

    public ModelSignature {
        features = List.copyOf(features);
        classes = List.copyOf(classes);
        example = List.copyOf(example);
    }

    /** The feature names in client order. */
    public List<String> featureNames() {
        return features.stream().map(FeatureSpec::name).toList();
    }
}
