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
 * log, so an image build stops instead of shipping a cache trained on errors; a 503 of admission
 * control is sent again, not taken as wrong.
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
        assertMix(run);
    }

    /**
     * A builder whose cores another job is using can be answered 503 by admission control: that is
     * "not now", not a wrong answer. One prediction request at a time makes the four senders meet it
     * often.
     */
    @Test
    void sendsAgainWhatAdmissionControlRefusesAndStillTrainsOnTheWholeMix() throws Exception {
        Outcome run = run("busy", "--grove.aot-training.requests=300", "--grove.api.request-log=true",
                "--grove.admission.max-requests=1");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.count("\"status\":503")).as("answers 503 in the server's request log").isPositive();
        assertThat(run.output()).containsPattern("AOT training run: 300 requests answered as expected in [0-9]+ ms "
                + "\\([1-9][0-9]* answers 503 sent again\\)");
        assertMix(run);
    }

    /** The server's own request log: every 20th request a batch, every 20th an OIP row, every 100th an invalid row. */
    private static void assertMix(Outcome run) {
        assertThat(run.count("\"path\":\"/predict-batch\",\"status\":200")).isEqualTo(15);
        assertThat(run.count("\"path\":\"/v2/models/iris/infer\",\"status\":200")).isEqualTo(15);
        assertThat(run.count("\"path\":\"/predict\",\"status\":422")).isEqualTo(3);
        assertThat(run.count("\"path\":\"/predict\",\"status\":200")).isEqualTo(267);
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
