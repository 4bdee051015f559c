package io.grove.aot;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.GroveProcess;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training run for the JDK AOT cache, started as the Dockerfile starts it: a real Grove
 * process on the real model that sends itself the request mix over HTTP and exits. It exits 0
 * only when every answer was the expected one; otherwise 1, with the first wrong answer in its
 * log, so an image build stops instead of shipping a cache trained on errors.
 */
class AotTrainingRunTest {

    @TempDir
    Path work;

    record Outcome(int exitCode, String output) {

        long count(String jsonFragment) {
            return Pattern.compile(Pattern.quote(jsonFragment)).matcher(output).results().count();
        }
    }

    @Test
    void servesItselfTheRequestMixThenExitsCleanly() throws Exception {
        Outcome run = run("ok", "--grove.aot-training.requests=300", "--grove.api.request-log=true");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("AOT training run: 300 requests answered as expected");
        // The server's own request log: every 20th request a batch, every 100th an invalid row.
        assertThat(run.count("\"path\":\"/predict-batch\",\"status\":200")).isEqualTo(15);
        assertThat(run.count("\"path\":\"/predict\",\"status\":422")).isEqualTo(3);
        assertThat(run.count("\"path\":\"/predict\",\"status\":200")).isEqualTo(282);
    }

    @Test
    void failsWhenAnAnswerIsNotTheExpectedOne() throws Exception {
        Outcome run = run("keys", "--grove.aot-training.requests=300",
                "--grove.auth.enabled=true", "--grove.auth.keys=a-key-the-training-run-does-not-send");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("AOT training run failed").contains("answered 401, expected 200");
    }

    private Outcome run(String name, String... args) throws Exception {
        Path log = work.resolve(name + ".log");
        String[] all = new String[args.length + 1];
        all[0] = "--server.port=0";
        System.arraycopy(args, 0, all, 1, args.length);
        Process grove = GroveProcess.start(log, all);
        if (!grove.waitFor(2, TimeUnit.MINUTES)) {
            grove.destroyForcibly();
            throw new AssertionError("the training run did not exit within 2 minutes:\n" + GroveProcess.output(log));
        }
        return new Outcome(grove.exitValue(), GroveProcess.output(log));
    }
}
