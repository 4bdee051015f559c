package io.grove.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-deployment check, run as users run it: a separate JVM, its exit code and its output. */
class CheckCommandTest {

    @TempDir
    Path root;

    record Run(int exitCode, String output) {
    }

    @Test
    void aServableVersionPassesAndSaysWhatWouldBeServed() throws Exception {
        Run run = check(Path.of("models/diabetes/1"));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("OK: diabetes version 1 (tribuo, scored by compiled-forest)")
                .contains("output:   REGRESSION").contains("reference rows: none");
    }

    @Test
    void aVersionThatDeviatesFromItsReferenceRowsFails() throws Exception {
        Path version = Files.createDirectories(root.resolve("iris").resolve("1"));
        Files.copy(Path.of("models/iris/1/model.tribuo"), version.resolve("model.tribuo"));
        Files.writeString(version.resolve("expected.csv"),
                "sepal_length,sepal_width,petal_length,petal_width,proba_setosa,proba_versicolor,proba_virginica\n"
                        + "5.1,3.5,1.4,0.2,0.5,0.25,0.25\n");
        Files.writeString(version.resolve("descriptor.json"), "{\"reference\":{\"file\":\"expected.csv\",\"tolerance\":0.01}}");

        Run run = check(version);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("FAILED: ").contains("deviates from its reference rows by 0.5 at line 2");
    }

    @Test
    void aDirectoryThatIsNotAVersionIsAUsageError() throws Exception {
        assertThat(check(root.resolve("nothing-here")).exitCode()).isEqualTo(2);
    }

    private static Run check(Path version) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CheckCommand.class.getName(), version.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
