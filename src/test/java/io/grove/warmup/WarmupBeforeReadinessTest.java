package io.grove.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.GroveProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm-up before readiness, in real Grove processes: the requests go through the real HTTP
 * path, on every front end, before Spring Boot reports the application ready to take traffic, and
 * the warm-up stops at its bounds.
 */
class WarmupBeforeReadinessTest {

    static final String ACCEPTING = "Application availability state ReadinessState changed to ACCEPTING_TRAFFIC";
    static final Pattern WARMED = Pattern.compile("Warmed up with ([0-9]+) requests in ([0-9]+) ms \\(budget ([0-9]+) ms");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void sendsTheWholeMixThroughHttpBeforeReadinessEvenWithApiKeysOn() throws Exception {
        String log = readyLog("mix", "--grove.warmup.requests=400", "--grove.warmup.max-time=2m",
                "--grove.warmup.max-startup-fraction=100",
                "--grove.auth.enabled=true", "--grove.auth.keys=,a-key-for-the-warm-up-to-send");

        assertThat(log).contains("Warmed up with 400 requests");
        int ready = log.indexOf(ACCEPTING);
        String beforeReady = log.substring(0, ready);
        // The server's own request log: every 20th a batch, every 20th an OIP row, every 100th invalid.
        assertThat(count(beforeReady, "\"path\":\"/predict\",\"status\":200")).isEqualTo(356);
        assertThat(count(beforeReady, "\"path\":\"/predict-batch\",\"status\":200")).isEqualTo(20);
        assertThat(count(beforeReady, "\"path\":\"/v2/models/iris/infer\",\"status\":200")).isEqualTo(20);
        assertThat(count(beforeReady, "\"path\":\"/predict\",\"status\":422")).isEqualTo(4);
        assertThat(count(log, "\"status\":401")).as("answers 401: the warm-up sent no key").isZero();
        assertThat(log.substring(ready)).as("warm-up requests after readiness").doesNotContain("\"path\":\"/predict");
    }

    @Test
    void stopsAtItsTimeLimitAndIsReadyAnyway() throws Exception {
        String log = readyLog("time", "--grove.warmup.requests=100000000", "--grove.warmup.max-time=1s",
                "--grove.warmup.max-startup-fraction=100");

        Matcher warmed = WARMED.matcher(log);
        assertThat(warmed.find()).as(log).isTrue();
        assertThat(Long.parseLong(warmed.group(1))).as("requests answered").isLessThan(100_000_000);
        assertThat(warmed.group(3)).as("budget, ms").isEqualTo("1000");
        assertThat(log.indexOf(ACCEPTING)).isGreaterThan(warmed.start());
    }

    @Test
    void takesAtMostItsFractionOfTheStartUpOrItsMaxTime() {
        WarmupBeforeReadiness warmup = new WarmupBeforeReadiness(
                new WarmupProperties(true, 10, Duration.ofSeconds(5), 0.5), null, null);

        assertThat(warmup.budget(Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(2));
        assertThat(warmup.budget(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(5));
    }

    /** Starts Grove with the warm-up on and the given settings; its log once it is ready, then stops it. */
    private String readyLog(String name, String... settings) throws Exception {
        Path log = work.resolve(name + ".log");
        String[] args = new String[settings.length + 4];
        args[0] = "--server.port=0";
        args[1] = "--grove.warmup.enabled=true";
        args[2] = "--grove.api.request-log=true";
        args[3] = "--logging.level.org.springframework.boot.availability=debug";
        System.arraycopy(settings, 0, args, 4, settings.length);
        Process grove = GroveProcess.start(log, args);
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!GroveProcess.output(log).contains(ACCEPTING)) {
                assertThat(grove.isAlive()).as("Grove is running: %s", GroveProcess.output(log)).isTrue();
                assertThat(System.nanoTime() - deadline).as("ready within 3 minutes").isNegative();
                Thread.sleep(100);
            }
            return GroveProcess.output(log);
        } finally {
            grove.destroyForcibly().waitFor();
        }
    }

    private static long count(String text, String fragment) {
        return Pattern.compile(Pattern.quote(fragment)).matcher(text).results().count();
    }
}
