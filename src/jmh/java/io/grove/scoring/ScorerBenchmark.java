package io.grove.scoring;

import io.grove.model.LoadedModel;
import io.grove.model.ModelLoader;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * One prediction of the served Iris forest, by Tribuo and by the compiled evaluator. Rows cycle
 * through the 150 Iris rows so branch prediction cannot learn a single path. Run with
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

    Scorer subject;
    double[][] rows;
    int next;

    @Setup
    public void load() throws IOException {
        LoadedModel iris = new ModelLoader(JsonMapper.builder().build()).load(Path.of("models/iris/1"));
        subject = switch (scorer) {
            case "tribuo" -> new TribuoScorer(iris.tribuo(), iris.descriptor().featureNames(), iris.descriptor().classes());
            case "compiled" -> CompiledForestScorer.compile(iris.tribuo(), iris.tribuo().serialize(),
                    iris.descriptor().featureNames(), iris.descriptor().classes());
            default -> throw new IllegalArgumentException(scorer);
        };
        rows = Files.readAllLines(Path.of("models/iris/iris.csv")).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> Arrays.stream(l.split(",")).limit(4).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
    }

    @Benchmark
    public Score predictOneRow() {
        double[] row = rows[next];
        next = next + 1 == rows.length ? 0 : next + 1;
        return subject.score(row);
    }
}
