package io.grove.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.GroveProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.baseline.DummyRegressionTrainer;

/**
 * A broken model must stop Grove at start-up, with a non-zero exit and one clear message, and
 * never be served. Each case starts a real Grove process on a copy of the real model repository
 * with one fault planted; all processes run at once to keep the test short.
 */
class ModelFaultTest {

    static final Path REAL_VERSION = Path.of("models", "iris", "1");
    static final Pattern STACK_FRAME = Pattern.compile("\\bat [a-z]+\\.[a-zA-Z.$]+\\(");

    @TempDir
    static Path work;
    static final Map<String, Outcome> outcomes = new LinkedHashMap<>();

    record Outcome(int exitCode, String output) {
    }

    /** Plants each fault in its own repository, starts one Grove per repository and waits for all. */
    @BeforeAll
    static void startGroveOnEachBrokenRepository() throws Exception {
        Map<String, Consumer<Path>> faults = new LinkedHashMap<>();
        faults.put("missing", dir -> delete(dir.resolve("model.tribuo")));
        faults.put("truncated", dir -> rewrite(dir.resolve("model.tribuo"), bytes -> java.util.Arrays.copyOf(bytes, bytes.length / 2)));
        faults.put("corrupt", dir -> rewrite(dir.resolve("model.tribuo"), bytes -> {
            byte[] noise = new byte[bytes.length];
            new Random(42).nextBytes(noise);
            return noise;
        }));
        faults.put("wrong-type", dir -> saveRegressionModel(dir.resolve("model.tribuo")));
        faults.put("feature-mismatch", dir -> rewriteText(dir.resolve("descriptor.json"),
                text -> text.replace("\"petal_width\"", "\"petal_area\"")));

        Map<String, Process> processes = new LinkedHashMap<>();
        for (var fault : faults.entrySet()) {
            Path repository = work.resolve(fault.getKey());
            Path version = repository.resolve("iris").resolve("1");
            copy(REAL_VERSION, version);
            fault.getValue().accept(version);
            processes.put(fault.getKey(), GroveProcess.start(work.resolve(fault.getKey() + ".log"),
                    "--server.port=0", "--grove.model.repository=" + repository));
        }
        for (var entry : processes.entrySet()) {
            Process process = entry.getValue();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(entry.getKey() + ": Grove did not exit on a broken model");
            }
            outcomes.put(entry.getKey(), new Outcome(process.exitValue(),
                    GroveProcess.output(work.resolve(entry.getKey() + ".log"))));
        }
    }

    @Test
    void missingModelFile() {
        assertRefused("missing", "holds no model file; Grove reads one of [model.json, model.onnx, model.tribuo, model.txt, model.ubj]");
    }

    @Test
    void truncatedModelFile() {
        assertRefused("truncated", "is not a readable Tribuo protobuf model");
    }

    @Test
    void corruptModelFile() {
        assertRefused("corrupt", "is not a readable Tribuo protobuf model");
    }

    @Test
    void regressorWhoseDescriptorListsClasses() {
        assertRefused("wrong-type", "is a regressor, but its descriptor lists classes [setosa, versicolor, virginica]");
    }

    @Test
    void modelWhoseFeaturesDisagreeWithItsDescriptor() {
        assertRefused("feature-mismatch", "has features [petal_length, petal_width, sepal_length, sepal_width] but its "
                + "descriptor lists [sepal_length, sepal_width, petal_length, petal_area]");
    }

    private static void assertRefused(String fault, String message) {
        Outcome outcome = outcomes.get(fault);
        assertThat(outcome.exitCode()).as(fault).isNotZero();
        assertThat(outcome.output()).as(fault).contains("APPLICATION FAILED TO START").contains(message);
        assertThat(count(outcome.output(), message)).as("the message is said once: " + outcome.output()).isEqualTo(1);
        assertThat(STACK_FRAME.matcher(outcome.output()).find()).as("no stack trace: " + outcome.output()).isFalse();
        assertThat(outcome.output()).as("never served").doesNotContain("Started GroveApplication");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** A real Tribuo model that predicts numbers, not labels, over the Iris feature names. */
    private static void saveRegressionModel(Path file) {
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance("test", factory), factory);
        String[] names = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
        for (int i = 1; i <= 5; i++) {
            data.add(new ArrayExample<>(new Regressor("y", i), names, new double[] {i, i + 1, i + 2, i + 3}));
        }
        try {
            DummyRegressionTrainer.createMeanTrainer().train(data).serializeToFile(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String name : List.of("model.tribuo", "descriptor.json")) {
            Files.copy(from.resolve(name), to.resolve(name));
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void rewrite(Path file, java.util.function.UnaryOperator<byte[]> change) {
        try {
            Files.write(file, change.apply(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void rewriteText(Path file, java.util.function.UnaryOperator<String> change) {
        try {
            Files.writeString(file, change.apply(Files.readString(file)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
