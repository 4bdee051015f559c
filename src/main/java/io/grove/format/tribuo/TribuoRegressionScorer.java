package io.grove.format.tribuo;

import io.grove.scoring.Score;
import io.grove.scoring.Scorer;
import java.util.List;
import org.tribuo.Model;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Scores rows with Tribuo's own {@link Model#predict} for a single-target regressor: the reference
 * implementation, and the one used for any regressor the compiled evaluator does not support.
 * {@code Model.predict} is thread-safe.
 */
final class TribuoRegressionScorer implements Scorer {

    private final Model<Regressor> model;
    private final String[] featureNames;

    /**
     * @param model        the Tribuo regressor, with one target
     * @param featureNames the feature names in the order rows give them
     */
    TribuoRegressionScorer(Model<Regressor> model, List<String> featureNames) {
        this.model = model;
        this.featureNames = featureNames.toArray(String[]::new);
    }

    @Override
    public Score score(double[] features) {
        var example = new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, featureNames, features);
        return new Score.Regression(model.predict(example).getOutput().getValues()[0]);
    }

    @Override
    public String kind() {
        return "tribuo";
    }
}
