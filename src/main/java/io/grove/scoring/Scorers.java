package io.grove.scoring;

import io.grove.scoring.CompiledForestScorer.UnsupportedModelException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

/** Picks the fastest scorer that reproduces a model exactly. Stateless. */
public final class Scorers {

    private static final Logger log = LoggerFactory.getLogger(Scorers.class);

    private Scorers() {
    }

    /**
     * Builds the scorer for a model: the {@link CompiledForestScorer} when it supports the model,
     * otherwise {@link TribuoScorer}, Tribuo's own prediction path.
     *
     * @param model        the Tribuo classifier
     * @param form         the model's protobuf form, as its file holds it ({@link CompiledForestScorer#compile})
     * @param featureNames the feature names in the descriptor's order
     * @param classes      the class labels in the descriptor's order
     * @return a thread-safe scorer whose output equals Tribuo's, bit for bit
     */
    public static Scorer forModel(Model<Label> model, ModelProto form, List<String> featureNames, List<String> classes) {
        try {
            return CompiledForestScorer.compile(model, form, featureNames, classes);
        } catch (UnsupportedModelException e) {
            log.atInfo().addKeyValue("reason", e.getMessage())
                    .log("Model {} is scored by Tribuo: the compiled evaluator does not support it ({})",
                            model.getName(), e.getMessage());
            return new TribuoScorer(model, featureNames, classes);
        }
    }
}
