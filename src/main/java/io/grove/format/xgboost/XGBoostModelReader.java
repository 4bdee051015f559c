package io.grove.format.xgboost;

import static io.grove.format.xgboost.ModelDocument.floats;
import static io.grove.format.xgboost.ModelDocument.integerString;
import static io.grove.format.xgboost.ModelDocument.ints;
import static io.grove.format.xgboost.ModelDocument.list;
import static io.grove.format.xgboost.ModelDocument.member;
import static io.grove.format.xgboost.ModelDocument.object;
import static io.grove.format.xgboost.ModelDocument.string;

import io.grove.format.ModelFormatException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Makes an {@link XGBoostModel} of the document XGBoost's {@code Booster.save_model} writes, as
 * {@code Learner::SaveModel} lays it out (the same in JSON and UBJSON):
 * {@code {"version": [major, minor, patch], "learner": {"learner_model_param": {...},
 * "objective": {"name": ...}, "gradient_booster": {"name": "gbtree", "model": {"trees": [...],
 * "tree_info": [...]}}, "feature_names": [...]}}}.
 *
 * <p>{@code base_score} is a string: a scalar ({@code "5E-1"}, XGBoost up to 3.0) or a vector
 * ({@code "[5E-1]"}, or one value per class, from 3.1), always in output space; a scalar applies to
 * every output group, as XGBoost's {@code HandleOldFormat} does.
 *
 * <p>Refused with one sentence each: boosters other than {@code gbtree} ({@code dart},
 * {@code gblinear}), objectives {@link Objective} does not list, multi-target models and vector
 * leaves, categorical splits, and anything malformed.
 */
final class XGBoostModelReader {

    /** Far above any real model; keeps a file from making the core validate absurd rows. */
    static final int MAX_FEATURES = 1 << 20;
    private static final int MAX_CLASSES = 1 << 16;

    private XGBoostModelReader() {
    }

    /**
     * @param root the document's root value from {@link JsonModelReader} or {@link UbjsonReader}
     * @return the model
     * @throws ModelFormatException naming what is wrong or unsupported
     */
    static XGBoostModel read(Object root) {
        Map<String, Object> document = object(root, "");
        String version = version(document);
        Map<String, Object> learner = object(document, "learner", "");
        Map<String, Object> param = object(learner, "learner_model_param", "learner");
        String paramField = "learner.learner_model_param";
        int numFeature = integerString(param, "num_feature", paramField, 1, MAX_FEATURES);
        int numClass = integerString(param, "num_class", paramField, 0, MAX_CLASSES);
        if (param.containsKey("num_target") && integerString(param, "num_target", paramField, 1, MAX_CLASSES) != 1) {
            throw new ModelFormatException("Multi-target models (num_target > 1) are not supported.");
        }
        Objective objective = Objective.named(string(object(learner, "objective", "learner"), "name", "learner.objective"));
        boolean multiClass = objective.answer() == Objective.Answer.SOFTMAX_CLASS;
        if (multiClass && numClass < 2) {
            throw new ModelFormatException("The objective " + objective.xgboostName() + " needs num_class of at least 2, not "
                    + numClass + ".");
        }
        if (!multiClass && numClass > 1) {
            throw new ModelFormatException("The objective " + objective.xgboostName() + " has num_class " + numClass
                    + "; only multi:softprob and multi:softmax have classes.");
        }
        int outputs = multiClass ? numClass : 1;
        float[] baseScore = baseScore(string(param, "base_score", paramField), outputs);
        float[] baseMargin = new float[outputs];
        for (int g = 0; g < outputs; g++) {
            baseMargin[g] = objective.margin(baseScore[g]);
        }

        Map<String, Object> booster = object(learner, "gradient_booster", "learner");
        String boosterName = string(booster, "name", "learner.gradient_booster");
        if (!boosterName.equals("gbtree")) {
            throw new ModelFormatException("The booster \"" + UbjsonReader.printable(boosterName)
                    + "\" is not supported; Grove serves gbtree models (DART and gblinear are refused).");
        }
        Map<String, Object> model = object(booster, "model", "learner.gradient_booster");
        List<Object> treeValues = list(member(model, "trees", "learner.gradient_booster.model"), "learner.gradient_booster.model.trees");
        int[] treeGroup = ints(member(model, "tree_info", "learner.gradient_booster.model"), "learner.gradient_booster.model.tree_info");
        if (treeGroup.length != treeValues.size()) {
            throw new ModelFormatException("The model has " + treeValues.size() + " trees but " + treeGroup.length
                    + " tree_info entries.");
        }
        for (int t = 0; t < treeGroup.length; t++) {
            if (treeGroup[t] < 0 || treeGroup[t] >= outputs) {
                throw new ModelFormatException("Tree " + t + " belongs to output group " + treeGroup[t] + ", but the model has "
                        + outputs + ".");
            }
        }
        List<RegressionTree> trees = new ArrayList<>(treeValues.size());
        for (int t = 0; t < treeValues.size(); t++) {
            trees.add(tree(t, object(treeValues.get(t), "learner.gradient_booster.model.trees[" + t + "]"), numFeature));
        }
        return new XGBoostModel(version, objective, numFeature, featureNames(learner, numFeature), outputs, baseScore,
                baseMargin, trees, treeGroup);
    }

    private static String version(Map<String, Object> document) {
        Object v = document.get("version");
        if (v == null) {
            return "";
        }
        int[] parts = ints(v, "version");
        return IntStream.of(parts).mapToObj(Integer::toString).collect(Collectors.joining("."));
    }

    /**
     * Parses {@code base_score} as XGBoost's {@code ParamArray} reads it: a number, or a JSON array of
     * numbers (parentheses allowed for brackets), each as a 32-bit float.
     */
    static float[] baseScore(String text, int outputs) {
        String s = text.strip();
        if (s.startsWith("(") && s.endsWith(")") || s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        String[] parts = s.split(",", -1);
        if (parts.length != 1 && parts.length != outputs) {
            throw new ModelFormatException("The base_score has " + parts.length + " values, but the model has " + outputs
                    + " output groups.");
        }
        float[] scores = new float[outputs];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].strip();
            float f;
            try {
                // Digits, sign, point and exponent only: parseFloat alone would also take "NaN", "0x1p3" or "1f".
                if (!p.matches("[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?|[-+]?[0-9]+\\.")) {
                    throw new NumberFormatException();
                }
                f = Float.parseFloat(p);
            } catch (NumberFormatException e) {
                throw new ModelFormatException("The base_score \"" + UbjsonReader.printable(text) + "\" is not a number or an array of numbers.");
            }
            if (!Float.isFinite(f)) {
                throw new ModelFormatException("The base_score \"" + UbjsonReader.printable(text) + "\" is not finite.");
            }
            scores[i] = f;
        }
        if (parts.length == 1) {
            java.util.Arrays.fill(scores, scores[0]);
        }
        return scores;
    }

    private static List<String> featureNames(Map<String, Object> learner, int numFeature) {
        Object value = learner.get("feature_names");
        List<Object> names = value == null || value == ModelDocument.NULL ? List.of() : list(value, "learner.feature_names");
        if (names.isEmpty()) {
            return IntStream.range(0, numFeature).mapToObj(i -> "f" + i).toList();
        }
        if (names.size() != numFeature) {
            throw new ModelFormatException("The model has " + names.size() + " feature names but num_feature " + numFeature + ".");
        }
        List<String> out = new ArrayList<>(numFeature);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (!(names.get(i) instanceof String name) || name.isEmpty()) {
                throw new ModelFormatException("Feature name " + i + " is not a non-empty string.");
            }
            if (!seen.add(name)) {
                throw new ModelFormatException("The feature name \"" + UbjsonReader.printable(name) + "\" appears twice.");
            }
            out.add(name);
        }
        return out;
    }

    private static RegressionTree tree(int index, Map<String, Object> tree, int numFeature) {
        String field = "learner.gradient_booster.model.trees[" + index + "]";
        Map<String, Object> treeParam = object(tree, "tree_param", field);
        Object leafVector = treeParam.get("size_leaf_vector");
        if (leafVector instanceof String s && !s.strip().equals("0") && !s.strip().equals("1")) {
            throw new ModelFormatException("Tree " + index + " has vector leaves (size_leaf_vector " + UbjsonReader.printable(s)
                    + "); multi-target trees are not supported.");
        }
        int numNodes = integerString(treeParam, "num_nodes", field + ".tree_param", 1, Integer.MAX_VALUE);
        Object splitType = tree.get("split_type");
        if (splitType != null) {
            for (int type : ints(splitType, field + ".split_type")) {
                if (type != 0) {
                    throw new ModelFormatException("Tree " + index + " has categorical splits, which are not supported.");
                }
            }
        }
        int[] left = ints(member(tree, "left_children", field), field + ".left_children");
        if (left.length != numNodes) {
            throw new ModelFormatException("Tree " + index + " has " + left.length + " left_children for num_nodes " + numNodes + ".");
        }
        return RegressionTree.checked(index, numFeature,
                left,
                ints(member(tree, "right_children", field), field + ".right_children"),
                ints(member(tree, "split_indices", field), field + ".split_indices"),
                floats(member(tree, "split_conditions", field), field + ".split_conditions"),
                ints(member(tree, "default_left", field), field + ".default_left"));
    }
}
