package io.grove.format.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFile;
import io.grove.scoring.Score;
import io.grove.scoring.Scorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.data.csv.CSVLoader;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.protos.core.ModelProto;

/**
 * The compiled evaluator must give exactly Tribuo's answer: the same class and bit-identical
 * probabilities, on real rows, on random rows, and on values exactly at and next to every split
 * threshold, where a wrong comparison would first show.
 */
class CompiledForestScorerTest {

    static final Path IRIS_CSV = Path.of("models/iris/iris.csv");
    static final Path IRIS_MODEL = Path.of("models/iris/1/model.tribuo");
    static final List<String> FEATURES = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
    static final List<String> CLASSES = List.of("setosa", "versicolor", "virginica");
    static final int RANDOM_ROWS = 100_000;

    static Model<Label> forest;
    static Scorer tribuo;
    static Scorer compiled;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void loadTheServedModel() throws IOException {
        ModelProto form = ModelProto.parseFrom(Files.readAllBytes(IRIS_MODEL));
        forest = (Model<Label>) Model.deserialize(form);
        compiled = TribuoScorers.forClassifier(forest, form, FEATURES, CLASSES);
        tribuo = new TribuoScorer(forest, FEATURES, CLASSES);
    }

    @Test
    void theFormatCompilesTheIrisForest() throws IOException {
        FormatModel read = new TribuoFormat().read(new ModelFile("model.tribuo", IRIS_MODEL, Files.readAllBytes(IRIS_MODEL)),
                FormatOptions.DEFAULT);
        assertThat(read.scorer()).isInstanceOf(CompiledForestScorer.class);
        assertThat(read.scorer().kind()).isEqualTo("compiled-forest");
        assertThat(((CompiledForestScorer) read.scorer()).trees()).isEqualTo(50);
        assertThat(compiled).isInstanceOf(CompiledForestScorer.class);
    }

    @Test
    void equalsTribuoOnAllIrisRows() throws IOException {
        List<double[]> rows = irisRows();
        assertThat(rows).hasSize(150);
        rows.forEach(row -> assertSame(tribuo, compiled, row));
    }

    @Test
    void equalsTribuoOnRandomRows() {
        var random = new SplittableRandom(42);
        for (int n = 0; n < RANDOM_ROWS; n++) {
            double[] row = new double[4];
            for (int f = 0; f < row.length; f++) {
                // Mostly the flowers' range, sometimes far outside it in either direction.
                row[f] = switch (random.nextInt(8)) {
                    case 0 -> Math.exp(random.nextDouble(-30, 30));
                    case 1 -> random.nextDouble(-10, 0);
                    default -> random.nextDouble(0, 8);
                };
            }
            assertSame(tribuo, compiled, row);
        }
    }

    @Test
    void equalsTribuoAtEverySplitThresholdAndNextToIt() throws IOException {
        List<TreeSet<Double>> thresholds = thresholdsPerFeature(forest, FEATURES);
        assertThat(thresholds).allSatisfy(t -> assertThat(t).isNotEmpty());
        List<double[]> base = irisRows();
        int checked = 0;
        for (int f = 0; f < thresholds.size(); f++) {
            for (double t : thresholds.get(f)) {
                for (double v : new double[] {t, Math.nextUp(t), Math.nextDown(t)}) {
                    for (int r = 0; r < base.size(); r += 5) {
                        double[] row = base.get(r).clone();
                        row[f] = v;
                        assertSame(tribuo, compiled, row);
                        checked++;
                    }
                }
            }
        }
        // Rows whose every value sits on some threshold.
        var random = new SplittableRandom(7);
        List<Double[]> perFeature = thresholds.stream().map(s -> s.toArray(Double[]::new)).toList();
        for (int n = 0; n < 20_000; n++) {
            double[] row = new double[4];
            for (int f = 0; f < 4; f++) {
                Double[] ts = perFeature.get(f);
                double t = ts[random.nextInt(ts.length)];
                row[f] = switch (random.nextInt(3)) {
                    case 0 -> Math.nextUp(t);
                    case 1 -> Math.nextDown(t);
                    default -> t;
                };
            }
            assertSame(tribuo, compiled, row);
            checked++;
        }
        assertThat(checked).isGreaterThan(20_000);
    }

    @Test
    void equalsTribuoWithUnevenWeightsAndAnotherClassOrder() throws IOException {
        // Tribuo's forests weigh members evenly; uneven float weights check the float-to-double products.
        var members = ((EnsembleModel<Label>) forest).getModels();
        float[] weights = new float[members.size()];
        var random = new SplittableRandom(3);
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextDouble(0.01, 3);
        }
        Model<Label> reweighted = WeightedEnsembleModel.createEnsembleFromExistingModels("reweighted", members,
                new FullyWeightedVotingCombiner(), weights);
        List<String> features = FEATURES;
        List<String> classes = CLASSES.reversed();
        Scorer expected = new TribuoScorer(reweighted, features, classes);
        Scorer actual = TribuoScorers.forClassifier(reweighted, reweighted.serialize(), features, classes);

        assertThat(actual).isInstanceOf(CompiledForestScorer.class);
        irisRows().forEach(row -> assertSame(expected, actual, row));
        for (int n = 0; n < 10_000; n++) {
            assertSame(expected, actual, new double[] {
                    random.nextDouble(0, 8), random.nextDouble(0, 5), random.nextDouble(0, 8), random.nextDouble(0, 3)});
        }
    }

    @Test
    void refusesTheProtobufFormOfAnotherKindOfModel() throws IOException {
        var data = irisData();
        Model<Label> singleTree = new CARTClassificationTrainer(4, 0.5f, 1).train(data);

        assertThatThrownBy(() -> CompiledForestScorer.compile(forest, singleTree.serialize(), FEATURES, CLASSES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(singleTree.getClass().getName());
    }

    @Test
    void rejectsNaNLikeTribuo() {
        double[] row = {5.1, Double.NaN, 1.4, 0.2};
        assertThatThrownBy(() -> tribuo.score(row)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> compiled.score(row)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fallsBackToTribuoForModelsItDoesNotSupport() throws IOException {
        List<String> features = FEATURES;
        List<String> classes = CLASSES;
        var data = irisData();
        var cart = new CARTClassificationTrainer(4, 0.5f, 1);
        Model<Label> singleTree = cart.train(data);
        Model<Label> majorityVote = new RandomForestTrainer<>(cart, new VotingCombiner(), 3, 1).train(data);

        for (Model<Label> model : List.of(singleTree, majorityVote)) {
            Scorer scorer = TribuoScorers.forClassifier(model, model.serialize(), features, classes);
            assertThat(scorer).isInstanceOf(TribuoScorer.class);
            assertThat(((Score.Classification) scorer.score(new double[] {5.1, 3.5, 1.4, 0.2})).classIndex()).isZero();
        }
    }

    private static MutableDataset<Label> irisData() throws IOException {
        return new MutableDataset<>(new CSVLoader<>(new LabelFactory()).loadDataSource(IRIS_CSV, "species"));
    }

    private static void assertSame(Scorer expected, Scorer actual, double[] row) {
        var want = (Score.Classification) expected.score(row);
        var got = (Score.Classification) actual.score(row);
        if (want.classIndex() != got.classIndex() || !Arrays.equals(bits(want.proba()), bits(got.proba()))) {
            fail("row %s: Tribuo says class %d %s, compiled says class %d %s", Arrays.toString(row),
                    want.classIndex(), Arrays.toString(want.proba()), got.classIndex(), Arrays.toString(got.proba()));
        }
    }

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    static List<double[]> irisRows() throws IOException {
        return Files.readAllLines(IRIS_CSV).stream()
                .skip(1)
                .filter(line -> !line.isBlank())
                .map(line -> Arrays.stream(line.split(",")).limit(4).mapToDouble(Double::parseDouble).toArray())
                .toList();
    }

    /** Every split threshold of the forest, per feature in the descriptor's order, read through Tribuo's API. */
    static List<TreeSet<Double>> thresholdsPerFeature(Model<Label> forest, List<String> featureNames) {
        List<TreeSet<Double>> out = new ArrayList<>();
        featureNames.forEach(n -> out.add(new TreeSet<>()));
        for (Model<Label> member : ((EnsembleModel<Label>) forest).getModels()) {
            TreeModel<Label> tree = (TreeModel<Label>) member;
            List<Node<Label>> pending = new ArrayList<>(List.of(tree.getRoot()));
            while (!pending.isEmpty()) {
                if (pending.removeLast() instanceof SplitNode<Label> split) {
                    String name = tree.getFeatureIDMap().get(split.getFeatureID()).getName();
                    out.get(featureNames.indexOf(name)).add(split.splitValue());
                    pending.add(split.getGreaterThan());
                    pending.add(split.getLessThanOrEqual());
                }
            }
        }
        return out;
    }
}
