package io.grove.model;

import io.grove.scoring.Score;
import io.grove.scoring.Scorer;

/**
 * A classifier's scorer that answers in the descriptor's class order rather than the model file's.
 * Immutable and thread-safe.
 */
final class ReorderedClassesScorer implements Scorer {

    private final Scorer model;
    private final int[] modelIndex;
    private final int[] clientIndex;

    /**
     * @param model      the file's scorer
     * @param modelIndex for each class in the descriptor's order, its index in the file's order
     */
    ReorderedClassesScorer(Scorer model, int[] modelIndex) {
        this.model = model;
        this.modelIndex = modelIndex.clone();
        this.clientIndex = new int[modelIndex.length];
        for (int i = 0; i < modelIndex.length; i++) {
            clientIndex[modelIndex[i]] = i;
        }
    }

    @Override
    public Score score(double[] features) {
        return reorder(model.score(features));
    }

    @Override
    public Score[] scoreAll(double[][] rows) {
        Score[] scores = model.scoreAll(rows);
        for (int i = 0; i < scores.length; i++) {
            scores[i] = reorder(scores[i]);
        }
        return scores;
    }

    private Score reorder(Score score) {
        var c = (Score.Classification) score;
        double[] proba = new double[modelIndex.length];
        for (int i = 0; i < proba.length; i++) {
            proba[i] = c.proba()[modelIndex[i]];
        }
        return new Score.Classification(clientIndex[c.classIndex()], proba);
    }

    @Override
    public String kind() {
        return model.kind();
    }

    @Override
    public void close() {
        model.close();
    }
}
