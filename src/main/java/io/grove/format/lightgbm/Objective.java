package io.grove.format.lightgbm;

import io.grove.format.ModelFormatException;
import java.util.List;

/**
 * A LightGBM objective as its model file names it ({@code objective=binary sigmoid:1}), and the
 * transform LightGBM's {@code ObjectiveFunction::ConvertOutput} applies to the raw score. The
 * transforms repeat LightGBM's arithmetic in double, operation by operation (the float literals
 * {@code 1.0f} there are exactly {@code 1.0}).
 *
 * @param name       the canonical objective name, after LightGBM's {@code ParseObjectiveAlias}
 * @param transform  which output transform applies
 * @param sigmoid    the {@code sigmoid:} parameter of binary and multiclassova; {@code NaN} otherwise
 * @param numClass   the {@code num_class:} parameter of multiclass and multiclassova; 1 otherwise
 * @param text       the objective line as the file has it, for provenance
 */
record Objective(String name, Transform transform, double sigmoid, int numClass, String text) {

    /** The output transforms of LightGBM's objectives. */
    enum Transform {
        /** regression, regression_l1, huber, fair, quantile, mape, lambdarank, rank_xendcg, custom. */
        IDENTITY,
        /** {@code regression sqrt}: {@code Sign(x) * x * x}. */
        SIGNED_SQUARE,
        /** poisson, gamma, tweedie: {@code exp(x)}. */
        EXP,
        /** binary: {@code 1 / (1 + exp(-sigmoid * x))}. */
        SIGMOID,
        /** cross_entropy: {@code 1 / (1 + exp(-x))}. */
        LOGISTIC,
        /** cross_entropy_lambda: {@code log1p(exp(x))}. */
        SOFTPLUS,
        /** multiclass: LightGBM's {@code Common::Softmax}. */
        SOFTMAX,
        /** multiclassova: one {@code 1 / (1 + exp(-sigmoid * x))} per class. */
        SIGMOID_PER_CLASS
    }

    /** No objective line, or {@code custom}: the raw score is the output. */
    static Objective custom(String text) {
        return new Objective("custom", Transform.IDENTITY, Double.NaN, 1, text);
    }

    /**
     * Reads an objective line as LightGBM's {@code ObjectiveFunction::CreateObjectiveFunction} does:
     * the first space-separated token names the objective, the others are {@code key:value} parameters
     * or flags.
     */
    static Objective parse(String line) {
        String[] tokens = Numbers.tokens(line, Numbers.countTokens(line), "the objective");
        if (tokens.length == 0) {
            throw new ModelFormatException("the objective line is empty");
        }
        String name = canonical(tokens[0]);
        List<String> params = List.of(tokens).subList(1, tokens.length);
        return switch (name) {
            case "regression" -> new Objective(name, params.contains("sqrt") ? Transform.SIGNED_SQUARE : Transform.IDENTITY,
                    Double.NaN, 1, line);
            // These keep LightGBM's L2 ConvertOutput, but their constructors (huber) or Init (poisson and
            // its subclasses) switch sqrt off, and regression_l1, fair, quantile and mape honour it.
            case "regression_l1", "fair", "quantile", "mape" ->
                    new Objective(name, params.contains("sqrt") ? Transform.SIGNED_SQUARE : Transform.IDENTITY,
                            Double.NaN, 1, line);
            case "huber", "lambdarank", "rank_xendcg", "custom" -> new Objective(name, Transform.IDENTITY, Double.NaN, 1, line);
            case "poisson", "gamma", "tweedie" -> new Objective(name, Transform.EXP, Double.NaN, 1, line);
            case "cross_entropy" -> new Objective(name, Transform.LOGISTIC, Double.NaN, 1, line);
            case "cross_entropy_lambda" -> new Objective(name, Transform.SOFTPLUS, Double.NaN, 1, line);
            case "binary" -> new Objective(name, Transform.SIGMOID, sigmoid(params, name), 1, line);
            case "multiclass" -> new Objective(name, Transform.SOFTMAX, Double.NaN, numClass(params, name), line);
            case "multiclassova" -> new Objective(name, Transform.SIGMOID_PER_CLASS, sigmoid(params, name),
                    numClass(params, name), line);
            default -> throw new ModelFormatException("the objective " + Numbers.shorten(tokens[0]) + " is not one LightGBM knows");
        };
    }

    /** LightGBM's {@code ParseObjectiveAlias}. */
    private static String canonical(String type) {
        return switch (type) {
            case "regression", "regression_l2", "mean_squared_error", "mse", "l2", "l2_root", "root_mean_squared_error",
                 "rmse" -> "regression";
            case "regression_l1", "mean_absolute_error", "l1", "mae" -> "regression_l1";
            case "multiclass", "softmax" -> "multiclass";
            case "multiclassova", "multiclass_ova", "ova", "ovr" -> "multiclassova";
            case "xentropy", "cross_entropy" -> "cross_entropy";
            case "xentlambda", "cross_entropy_lambda" -> "cross_entropy_lambda";
            case "mean_absolute_percentage_error", "mape" -> "mape";
            case "rank_xendcg", "xendcg", "xe_ndcg", "xe_ndcg_mart", "xendcg_mart" -> "rank_xendcg";
            case "none", "null", "custom", "na" -> "custom";
            default -> type;
        };
    }

    private static double sigmoid(List<String> params, String objective) {
        String value = param(params, "sigmoid");
        if (value == null) {
            throw new ModelFormatException("the " + objective + " objective has no sigmoid parameter");
        }
        double sigmoid = Numbers.parseLegacyDouble(value, "the sigmoid parameter");
        if (!(sigmoid > 0.0)) {
            throw new ModelFormatException("the sigmoid parameter " + sigmoid + " is not greater than zero");
        }
        return sigmoid;
    }

    private static int numClass(List<String> params, String objective) {
        String value = param(params, "num_class");
        if (value == null) {
            throw new ModelFormatException("the " + objective + " objective has no num_class parameter");
        }
        return Numbers.parseInt(value, "the num_class parameter");
    }

    /** The value of the last {@code key:value} parameter named {@code key}, as LightGBM's loop keeps the last. */
    private static String param(List<String> params, String key) {
        String found = null;
        for (String p : params) {
            int colon = p.indexOf(':');
            if (colon > 0 && p.indexOf(':', colon + 1) < 0 && p.substring(0, colon).equals(key)) {
                found = p.substring(colon + 1);
            }
        }
        return found;
    }

    /** Whether the model is a classifier: its answer is a class with probabilities. */
    boolean classifies() {
        return transform == Transform.SIGMOID || transform == Transform.SOFTMAX || transform == Transform.SIGMOID_PER_CLASS;
    }
}
