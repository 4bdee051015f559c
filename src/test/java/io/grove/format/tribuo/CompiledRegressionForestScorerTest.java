package io.grove.format.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFile;
import io.grove.scoring.OutputKind;
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
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.IndependentRegressionTreeModel;

/**
 * The compiled regression forest must give exactly Tribuo's value, bit for bit: on the training
 * data's rows, on random rows, on values at and next to every split threshold, and with uneven
 * member weights, where the order of the running weighted mean would first show.
 */
class CompiledRegressionForestScorerTest {

    static final Path CSV = Path.of("models/diabetes/diabetes.csv");
    static final Path MODEL = Path.of("models/diabetes/1/model.tribuo");
    static final List<String> FEATURES = List.of("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6");

    static Model<Regressor> forest;
    static Scorer tribuo;
    static Scorer compiled;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void loadTheServedModel() throws IOException {
        ModelProto form = ModelProto.parseFrom(Files.readAllBytes(MODEL));
        forest = (Model<Regressor>) Model.deserialize(form);
        compiled = TribuoScorers.forRegressor(forest, form, FEATURES);
        tribuo = new TribuoRegressionScorer(forest, FEATURES);
    }

    @Test
    void theFormatCompilesTheDiabetesForestAsARegressor() throws IOException {
        FormatModel read = new TribuoFormat().read(new ModelFile("model.tribuo", MODEL, Files.readAllBytes(MODEL)),
                FormatOptions.DEFAULT);
        assertThat(read.output()).isEqualTo(OutputKind.REGRESSION);
        assertThat(read.classes()).isEmpty();
        assertThat(read.scorer()).isInstanceOf(CompiledRegressionForestScorer.class);
        assertThat(((CompiledRegressionForestScorer) read.scorer()).trees()).isEqualTo(50);
        assertThat(read.features()).containsExactlyInAnyOrderElementsOf(FEATURES);
        assertThat(compiled).isInstanceOf(CompiledRegressionForestScorer.class);
    }

    @Test
    void equalsTribuoOnAllDiabetesRows() throws IOException {
        List<double[]> rows = rows();
        assertThat(rows).hasSize(442);
        rows.forEach(row -> assertSame(tribuo, compiled, row));
    }

    @Test
    void equalsTribuoOnRandomRows() throws IOException {
        var random = new SplittableRandom(42);
        List<double[]> base = rows();
        for (int n = 0; n < 50_000; n++) {
            double[] row = base.get(random.nextInt(base.size())).clone();
            for (int f = 0; f < row.length; f++) {
                row[f] = switch (random.nextInt(6)) {
                    case 0 -> row[f] * random.nextDouble(0.5, 1.5);
                    case 1 -> random.nextDouble(-1e3, 1e3);
                    default -> row[f];
                };
            }
            assertSame(tribuo, compiled, row);
        }
    }

    @Test
    void equalsTribuoAtEverySplitThresholdAndNextToIt() throws IOException {
        List<TreeSet<Double>> thresholds = thresholdsPerFeature(forest);
        List<double[]> base = rows();
        int checked = 0;
        for (int f = 0; f < thresholds.size(); f++) {
            for (double t : thresholds.get(f)) {
                for (double v : new double[] {t, Math.nextUp(t), Math.nextDown(t)}) {
                    double[] row = base.get(checked % base.size()).clone();
                    row[f] = v;
                    assertSame(tribuo, compiled, row);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(1_000);
    }

    @Test
    void equalsTribuoWithUnevenWeights() throws IOException {
        var members = ((EnsembleModel<Regressor>) forest).getModels();
        float[] weights = new float[members.size()];
        var random = new SplittableRandom(3);
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextDouble(0.01, 3);
        }
        Model<Regressor> reweighted = WeightedEnsembleModel.createEnsembleFromExistingModels("reweighted", members,
                new AveragingCombiner(), weights);
        Scorer expected = new TribuoRegressionScorer(reweighted, FEATURES);
        Scorer actual = TribuoScorers.forRegressor(reweighted, reweighted.serialize(), FEATURES);
        assertThat(actual).isInstanceOf(CompiledRegressionForestScorer.class);
        rows().forEach(row -> assertSame(expected, actual, row));
    }

    @Test
    void fallsBackToTribuoForASingleTree() throws IOException {
        Model<Regressor> single = ((EnsembleModel<Regressor>) forest).getModels().getFirst();
        Scorer scorer = TribuoScorers.forRegressor(single, single.serialize(), FEATURES);
        assertThat(scorer).isInstanceOf(TribuoRegressionScorer.class);
        assertThat(((Score.Regression) scorer.score(rows().getFirst())).value()).isFinite();
    }

    @Test
    void rejectsNaNLikeTribuo() {
        double[] row = {59, 2, Double.NaN, 101, 157, 93.2, 38, 4, 4.86, 87};
        assertThatThrownBy(() -> compiled.score(row)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertSame(Scorer expected, Scorer actual, double[] row) {
        double want = ((Score.Regression) expected.score(row)).value();
        double got = ((Score.Regression) actual.score(row)).value();
        if (Double.doubleToRawLongBits(want) != Double.doubleToRawLongBits(got)) {
            fail("row %s: Tribuo says %s, compiled says %s", Arrays.toString(row), want, got);
        }
    }

    static List<double[]> rows() throws IOException {
        return Files.readAllLines(CSV).stream()
                .skip(1)
                .filter(line -> !line.isBlank())
                .map(line -> Arrays.stream(line.split(",")).limit(FEATURES.size()).mapToDouble(Double::parseDouble).toArray())
                .toList();
    }

    /** Every split threshold of the forest, per feature in {@link #FEATURES} order, read through Tribuo's API. */
    static List<TreeSet<Double>> thresholdsPerFeature(Model<Regressor> model) {
        List<TreeSet<Double>> out = new ArrayList<>();
        FEATURES.forEach(n -> out.add(new TreeSet<>()));
        for (Model<Regressor> member : ((EnsembleModel<Regressor>) model).getModels()) {
            var tree = (IndependentRegressionTreeModel) member;
            List<Node<Regressor>> pending = new ArrayList<>(tree.getRoots().values());
            while (!pending.isEmpty()) {
                if (pending.removeLast() instanceof SplitNode<Regressor> split) {
                    String name = tree.getFeatureIDMap().get(split.getFeatureID()).getName();
                    out.get(FEATURES.indexOf(name)).add(split.splitValue());
                    pending.add(split.getGreaterThan());
                    pending.add(split.getLessThanOrEqual());
                }
            }
        }
        return out;
    }
}
