package io.grove.training;

import java.io.IOException;
import java.nio.file.Path;
import org.tribuo.DataSource;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.data.csv.CSVLoader;
import org.tribuo.evaluation.TrainTestSplitter;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.evaluation.RegressionEvaluation;
import org.tribuo.regression.evaluation.RegressionEvaluator;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

/**
 * Trains a random forest regressor from a CSV file, the same way every time: CART trees on
 * bootstrap samples, each split choosing among a third of the features, leaves of at least
 * {@code minLeaf} rows, predictions averaged across trees. The data is split with the same seed,
 * so the hold-out figures are reproducible too.
 *
 * @param csv           the CSV file, with a header row
 * @param target        the header of the target column
 * @param trees         the number of trees
 * @param minLeaf       the least number of training rows a leaf holds
 * @param seed          the seed of the split and of the forest
 * @param trainFraction the fraction of rows used for training; the rest is the hold-out set
 */
public record RegressionForestTraining(Path csv, String target, int trees, float minLeaf, long seed,
                                       double trainFraction) {

    /**
     * A trained model and how well it did on the rows it never saw.
     *
     * @param model       the forest
     * @param holdoutRmse the root mean squared error on the hold-out rows
     * @param holdoutR2   the coefficient of determination on the hold-out rows
     * @param trainRows   rows used for training
     * @param holdoutRows rows held out
     */
    public record Result(Model<Regressor> model, double holdoutRmse, double holdoutR2, int trainRows, int holdoutRows) {
    }

    /**
     * Trains the forest.
     *
     * @return the model and its hold-out figures
     * @throws IOException if the CSV cannot be read
     */
    public Result train() throws IOException {
        DataSource<Regressor> source = new CSVLoader<>(new RegressionFactory()).loadDataSource(csv, target);
        var splitter = new TrainTestSplitter<>(source, trainFraction, seed);
        var train = new MutableDataset<>(splitter.getTrain());
        var holdout = new MutableDataset<>(splitter.getTest());

        var cart = new CARTRegressionTrainer(Integer.MAX_VALUE, minLeaf, 0.0f, 1.0f / 3, new MeanSquaredError(), seed);
        var forest = new RandomForestTrainer<>(cart, new AveragingCombiner(), trees, seed);
        Model<Regressor> model = forest.train(train);
        RegressionEvaluation evaluation = new RegressionEvaluator().evaluate(model, holdout);
        return new Result(model, evaluation.averageRMSE(), evaluation.averageR2(), train.size(), holdout.size());
    }
}
