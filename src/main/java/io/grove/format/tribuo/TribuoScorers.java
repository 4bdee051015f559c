package io.grove.format.tribuo;

import io.grove.scoring.Scorer;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.regression.Regressor;

/** Picks the fastest scorer that reproduces a Tribuo model exactly. Stateless. */
final class TribuoScorers {

    private static final Logger log = LoggerFactory.getLogger(TribuoScorers.class);

    private TribuoScorers() {
    }

    /**
     * Builds the scorer for a classifier: the {@link CompiledForestScorer} when it supports the model,
     * otherwise {@link TribuoScorer}, Tribuo's own prediction path.
     *
     * @param model        the Tribuo classifier
     * @param form         the model's protobuf form, as its file holds it ({@link CompiledForestScorer#compile})
     * @param featureNames the feature names in the order rows give them
     * @param classes      the class labels in the order probabilities are reported
     * @return a thread-safe scorer whose output equals Tribuo's, bit for bit
     */
    static Scorer forClassifier(Model<Label> model, ModelProto form, List<String> featureNames, List<String> classes) {
        return compiledOr(model, () -> CompiledForestScorer.compile(model, form, featureNames, classes),
                () -> new TribuoScorer(model, featureNames, classes));
    }

    /**
     * Builds the scorer for a single-target regressor: the {@link CompiledRegressionForestScorer} when
     * it supports the model, otherwise {@link TribuoRegressionScorer}.
     *
     * @param model        the Tribuo regressor
     * @param form         the model's protobuf form, as its file holds it
     * @param featureNames the feature names in the order rows give them
     * @return a thread-safe scorer whose output equals Tribuo's, bit for bit
     */
    static Scorer forRegressor(Model<Regressor> model, ModelProto form, List<String> featureNames) {
        return compiledOr(model, () -> CompiledRegressionForestScorer.compile(model, form, featureNames),
                () -> new TribuoRegressionScorer(model, featureNames));
    }

    private static Scorer compiledOr(Model<?> model, Supplier<Scorer> compiled, Supplier<Scorer> tribuo) {
        try {
            return compiled.get();
        } catch (UnsupportedModelException e) {
            log.atInfo().addKeyValue("reason", e.getMessage())
                    .log("Model {} is scored by Tribuo: the compiled evaluator does not support it ({})",
                            model.getName(), e.getMessage());
            return tribuo.get();
        }
    }
}
