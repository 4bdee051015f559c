package io.grove.format;

import io.grove.scoring.OutputKind;
import io.grove.scoring.Scorer;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link ModelFormat} makes of a model file: everything the core needs to serve it, and
 * nothing of the format's own types. Immutable.
 *
 * @param scorer          scores rows given in {@code features} order
 * @param output          classification or regression
 * @param features        the model's input features, in the order its scorer takes them
 * @param positional      whether {@code features} is the order the model was trained with, so that a
 *                        client may send a row by position; {@code false} when the file does not
 *                        record it (clients must then name every feature, unless a descriptor fixes an order)
 * @param classes         a classifier's class labels in the order of its probabilities; empty for a regressor
 * @param missingValues   whether the model defines what a missing value ({@code NaN}) means
 * @param platform        the platform the Open Inference Protocol reports, such as {@code tribuo} or {@code onnx}
 * @param provenance      how the model was made, as the file tells it (library, objective, trees, ...),
 *                        JSON-serialisable, without local file paths; may be {@code null}
 */
public record FormatModel(
        Scorer scorer,
        OutputKind output,
        List<String> features,
        boolean positional,
        List<String> classes,
        boolean missingValues,
        String platform,
        Object provenance) {

    public FormatModel {
        Objects.requireNonNull(scorer, "scorer");
        Objects.requireNonNull(output, "output");
        features = List.copyOf(features);
        classes = List.copyOf(classes);
        Objects.requireNonNull(platform, "platform");
        if ((output == OutputKind.CLASSIFICATION) == classes.isEmpty()) {
            throw new IllegalArgumentException("a classifier needs classes and a regressor has none");
        }
    }
}
