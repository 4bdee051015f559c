package io.grove.training;

import java.io.IOException;
import java.nio.file.Path;
import org.tribuo.DataSource;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.data.csv.CSVLoader;
import org.tribuo.evaluation.TrainTestSplitter;

/**
 * Trains a random forest classifier from a CSV file, the same way every time.
 *
 * <p>The forest mirrors the scikit-learn service Grove replaces: 50 fully grown CART trees, each
 * split choosing among half the features, probabilities averaged across trees. The data is split
 * by the caller (80/20 for Iris) with the same seed, so the hold-out accuracy is reproducible too.
 *
 * @param csv           the CSV file, with a header row
 * @param target        the header of the label column
 * @param trees         the number of trees
 * @param seed          the seed of the split and of the forest
 * @param trainFraction the fraction of rows used for training; the rest is the hold-out set
 */
public record ForestTraining(Path csv, String target, int trees, long seed, double trainFraction) {

    /**
     * A trained model and how well it did on the rows it never saw.
     *
     * @param model           the forest
     * @param holdoutAccuracy the accuracy on the hold-out rows
     * @param trainRows       rows used for training
     * @param holdoutRows     rows held out
     */
    public record Result(Model<Label> model, double holdoutAccuracy, int trainRows, int holdoutRows) {
    }

    /**
     * Trains the forest.
     *
     * @return the model and its hold-out accuracy
     * @throws IOException if the CSV cannot be read
     */
    public Result train() throws IOException {
        DataSource<Label> source = new CSVLoader<>(new LabelFactory()).loadDataSource(csv, target);
        var splitter = new TrainTestSplitter<>(source, trainFraction, seed);
        var train = new MutableDataset<>(splitter.getTrain());
        var holdout = new MutableDataset<>(splitter.getTest());

        var cart = new CARTClassificationTrainer(Integer.MAX_VALUE, 0.5f, seed);
        var forest = new RandomForestTrainer<>(cart, new FullyWeightedVotingCombiner(), trees, seed);
        Model<Label> model = forest.train(train);
        double accuracy = new LabelEvaluator().evaluate(model, holdout).accuracy();
        return new Result(model, accuracy, train.size(), holdout.size());
    }
}
