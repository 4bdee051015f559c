package io.grove.model;

import io.grove.format.FormatModel;
import io.grove.scoring.FeatureSpec;
import io.grove.scoring.InputSchema;
import io.grove.scoring.OutputKind;
import io.grove.scoring.Scorer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Binds what a model file says (its {@link FormatModel}) to what its optional descriptor says,
 * and refuses a descriptor that disagrees with the file.
 *
 * <p>The descriptor may reorder the model's features and classes (the same names, once each), add
 * constraints, forbid missing values, and name what the file leaves unnamed: features the file calls
 * only {@code f0}, {@code f1}, ... and classes it calls only {@code 0}, {@code 1}, ..., in the file's
 * order. A row by position is accepted when the file records its features' order or the descriptor
 * lists them. Stateless.
 */
final class SignatureBinder {

    private SignatureBinder() {
    }

    /**
     * @param name       the model's name
     * @param version    the version
     * @param descriptor the descriptor, or {@code null} when the version has none
     * @param model      what the model file says
     * @param file       the model file, for messages
     * @return the bound model
     * @throws ModelLoadException if the descriptor disagrees with the file
     */
    static BoundModel bind(String name, String version, ModelDescriptor descriptor, FormatModel model, String file) {
        List<String> modelFeatures = model.features();
        List<FeatureSpec> described = descriptor == null ? null : descriptor.features();
        List<FeatureSpec> features;
        int[] modelPosition = null;
        if (described == null) {
            features = modelFeatures.stream().map(FeatureSpec::unconstrained).toList();
        } else if (sameNamesOnce(names(described), modelFeatures)) {
            features = described;
            int[] positions = described.stream().mapToInt(f -> modelFeatures.indexOf(f.name())).toArray();
            modelPosition = isIdentity(positions) ? null : positions;
        } else if (isNumbered(modelFeatures, "f") && distinctNames(names(described), modelFeatures.size())) {
            features = described;
        } else {
            throw new ModelLoadException("Model file " + file + " has features " + modelFeatures
                    + " but its descriptor lists " + names(described) + "; they must name the same features once each");
        }
        boolean[] missing = new boolean[features.size()];
        for (int i = 0; i < missing.length; i++) {
            Boolean allowed = features.get(i).missing();
            if (Boolean.TRUE.equals(allowed) && !model.missingValues()) {
                throw new ModelLoadException("Model descriptor for " + file + " allows feature " + features.get(i).name()
                        + " to be missing, but the model defines no missing value");
            }
            missing[i] = model.missingValues() && !Boolean.FALSE.equals(allowed);
        }
        boolean positional = model.positional() || described != null;
        InputSchema schema = new InputSchema(features, missing, positional, modelPosition);

        List<String> classes = model.classes();
        Scorer scorer = model.scorer();
        List<String> describedClasses = descriptor == null ? null : descriptor.classes();
        if (model.output() == OutputKind.REGRESSION) {
            if (describedClasses != null && !describedClasses.isEmpty()) {
                throw new ModelLoadException("Model file " + file + " is a regressor, but its descriptor lists classes "
                        + describedClasses + "; a regressor has none");
            }
        } else if (describedClasses != null) {
            if (sameNamesOnce(describedClasses, model.classes())) {
                int[] modelIndex = describedClasses.stream().mapToInt(model.classes()::indexOf).toArray();
                scorer = isIdentity(modelIndex) ? scorer : new ReorderedClassesScorer(scorer, modelIndex);
            } else if (!isNumbered(model.classes(), "") || !distinctNames(describedClasses, model.classes().size())) {
                throw new ModelLoadException("Model file " + file + " predicts classes " + model.classes()
                        + " but its descriptor lists " + describedClasses + "; they must name the same classes once each");
            }
            classes = describedClasses;
        }
        List<Double> example = descriptor != null && descriptor.example() != null ? descriptor.example() : typicalRow(features);
        String description = descriptor == null ? null : descriptor.description();
        return new BoundModel(new ModelSignature(name, version, description, model.output(), features, classes, example),
                schema, scorer);
    }

    private static List<String> names(List<FeatureSpec> features) {
        return features.stream().map(FeatureSpec::name).toList();
    }

    private static boolean sameNamesOnce(List<String> described, List<String> model) {
        return described.size() == model.size() && new HashSet<>(described).size() == described.size()
                && new HashSet<>(described).equals(new HashSet<>(model));
    }

    private static boolean distinctNames(List<String> described, int count) {
        return described.size() == count && new HashSet<>(described).size() == count;
    }

    /** Whether the names are only numbers in order: {@code prefix + 0}, {@code prefix + 1}, ... */
    private static boolean isNumbered(List<String> names, String prefix) {
        return IntStream.range(0, names.size()).allMatch(i -> names.get(i).equals(prefix + i));
    }

    private static boolean isIdentity(int[] positions) {
        return IntStream.range(0, positions.length).allMatch(i -> positions[i] == i);
    }

    /** A row inside every constraint, for the warm-up when the descriptor gives no example. */
    private static List<Double> typicalRow(List<FeatureSpec> features) {
        List<Double> row = new ArrayList<>(features.size());
        for (FeatureSpec f : features) {
            double low = f.exclusiveMinimum() != null ? f.exclusiveMinimum()
                    : f.minimum() != null ? f.minimum() : Double.NEGATIVE_INFINITY;
            double high = f.exclusiveMaximum() != null ? f.exclusiveMaximum()
                    : f.maximum() != null ? f.maximum() : Double.POSITIVE_INFINITY;
            double value;
            if (Double.isFinite(low) && Double.isFinite(high)) {
                value = low + (high - low) / 2;
            } else if (Double.isFinite(low)) {
                value = low + 1;
            } else if (Double.isFinite(high)) {
                value = high - 1;
            } else {
                value = 0.0;
            }
            row.add(value);
        }
        return row;
    }
}
