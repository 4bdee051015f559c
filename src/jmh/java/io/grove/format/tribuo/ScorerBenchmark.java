package io.grove.format.tribuo;

import io.grove.scoring.Score;
import io.grove.scoring.Scorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import java.util.List;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.regression.Regressor;

/**
 * One prediction of a served Tribuo forest (the Iris classifier, the diabetes regressor), by Tribuo
 * and by the compiled evaluator. Rows cycle through the data set's rows so branch prediction cannot
 * learn a single path. Run with
 * {@code ./mvnw -q -Pjmh compile exec:exec@jmh}; {@code -prof gc} adds bytes allocated per
 * prediction ({@code gc.alloc.rate.norm}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m"})
public class ScorerBenchmark {

    @Param({"tribuo", "compiled"})
    String scorer;

    @Param({"iris", "diabetes"})
    String model;

    Scorer subject;
    double[][] rows;
    int next;

    @Setup
    @SuppressWarnings("unchecked")
    public void load() throws IOException {
        ModelProto form = ModelProto.parseFrom(Files.readAllBytes(Path.of("models", model, "1", "model.tribuo")));
        Model<?> read = Model.deserialize(form);
        List<String> features = new TribuoFormat().featureOrder(read);
        if (model.equals("iris")) {
            var forest = (Model<Label>) read;
            List<String> classes = List.of("setosa", "versicolor", "virginica");
            subject = scorer.equals("tribuo") ? new TribuoScorer(forest, features, classes)
                    : CompiledForestScorer.compile(forest, form, features, classes);
        } else {
            var forest = (Model<Regressor>) read;
            subject = scorer.equals("tribuo") ? new TribuoRegressionScorer(forest, features)
                    : CompiledRegressionForestScorer.compile(forest, form, features);
        }
        int width = features.size();
        rows = Files.readAllLines(Path.of("models", model, model + ".csv")).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> Arrays.stream(l.split(",")).limit(width).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
    }

    @Benchmark
    public Score predictOneRow() {
        double[] row = rows[next];
        next = next + 1 == rows.length ? 0 : next + 1;
        return subject.score(row);
    }
}
