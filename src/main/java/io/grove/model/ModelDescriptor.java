package io.grove.model;

import io.grove.scoring.FeatureSpec;
import java.util.List;

/**
 * What a model's authors state about it, read from the optional {@code descriptor.json} beside the
 * model file (docs/models.md describes it field by field; docs/descriptor.schema.json is its JSON Schema).
 *
 * <p>Every field is optional. What is given is checked against the model file when the version is
 * loaded, so the two cannot drift apart; what is left out is taken from the file.
 *
 * @param name        the model's name; if given, must be the model directory's name
 * @param version     the model's version; if given, must be the version directory's name
 * @param description a human-readable summary
 * @param features    the features in the order clients send them, with their constraints: the same
 *                    names as the model's in any order, or, for a model whose file names its inputs
 *                    only by position ({@code f0}, {@code f1}, ...), as many names in the model's order
 * @param classes     a classifier's class labels in the order probabilities are reported: the model's
 *                    labels in any order, or, for a model whose classes are only numbered
 *                    ({@code 0}, {@code 1}, ...), as many labels in that order; never for a regressor
 * @param example     a valid input row in the clients' feature order: the warm-up row and the API example
 * @param reference   reference rows with the training library's outputs, and the largest deviation
 *                    accepted: a version that deviates more fails its load
 */
public record ModelDescriptor(
        String name,
        String version,
        String description,
        List<FeatureSpec> features,
        List<String> classes,
        List<Double> example,
        Reference reference) {

    /**
     * Where a version's reference rows are and how far the served model may deviate from them.
     *
     * @param file      a CSV file in the version directory (see docs/models.md for its columns)
     * @param tolerance the largest absolute difference accepted between an output Grove gives and the expected one
     */
    public record Reference(String file, Double tolerance) {
    }

    public ModelDescriptor {
        features = features == null ? null : List.copyOf(features);
        classes = classes == null ? null : List.copyOf(classes);
        example = example == null ? null : List.copyOf(example);
    }
}
