package io.grove.model;

import io.grove.scoring.FeatureSpec;
import java.util.List;
import java.util.Objects;

/**
 * What a model's authors state about it, read from {@code descriptor.json} beside the model file.
 *
 * <p>The descriptor fixes the public contract of a model: the order in which clients send
 * features, the constraints each feature must meet, and the order of the class probabilities
 * in every response. It is checked against the model's own feature map and output domain when
 * the model is loaded, so the two cannot drift apart.
 *
 * @param name        the model's name, as clients address it
 * @param version     the model's version; must match the directory the model sits in
 * @param description a human-readable summary, may be {@code null}
 * @param features    the features, in the order clients send them
 * @param classes     the class labels, in the order probabilities are reported
 * @param example     a valid input row, used to warm the model up and as the API example
 */
public record ModelDescriptor(
        String name,
        String version,
        String description,
        List<FeatureSpec> features,
        List<String> classes,
        List<Double> example) {

    public ModelDescriptor {
        Objects.requireNonNull(name, "descriptor needs a 'name'");
        Objects.requireNonNull(version, "descriptor needs a 'version'");
        features = List.copyOf(Objects.requireNonNull(features, "descriptor needs 'features'"));
        classes = List.copyOf(Objects.requireNonNull(classes, "descriptor needs 'classes'"));
        example = example == null ? null : List.copyOf(example);
    }

    /** The feature names in client order. */
    public List<String> featureNames() {
        return features.stream().map(FeatureSpec::name).toList();
    }
}
