package io.grove.format.tribuo;

import io.grove.scoring.Score;
import io.grove.scoring.Scorer;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * Scores rows with Tribuo's own {@link Model#predict}: the reference implementation, and the one
 * used for any model the compiled evaluators do not support. {@code Model.predict} is thread-safe.
 */
final class TribuoScorer implements Scorer {

    private final Model<Label> model;
    private final String[] featureNames;
    private final List<String> classes;

    /**
     * @param model        the Tribuo classifier
     * @param featureNames the feature names in the descriptor's order
     * @param classes      the class labels in the descriptor's order
     */
    TribuoScorer(Model<Label> model, List<String> featureNames, List<String> classes) {
        this.model = model;
        this.featureNames = featureNames.toArray(String[]::new);
        this.classes = List.copyOf(classes);
    }

    @Override
    public Score score(double[] features) {
        var example = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames, features);
        Prediction<Label> prediction = model.predict(example);
        Map<String, Label> scores = prediction.getOutputScores();
        double[] proba = new double[classes.size()];
        for (int i = 0; i < proba.length; i++) {
            Label label = scores.get(classes.get(i));
            proba[i] = label == null ? 0.0 : label.getScore();
        }
        return new Score.Classification(classes.indexOf(prediction.getOutput().getLabel()), proba);
    }

    @Override
    public String kind() {
        return "tribuo";
    }
}
