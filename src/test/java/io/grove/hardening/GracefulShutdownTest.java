package io.grove.hardening;

import static io.grove.hardening.RawHttp.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import io.grove.hardening.RawHttp.Response;
import io.grove.support.GroveProcess;
import io.grove.support.StructuredLog;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real Grove process under load.
 *
 * <p>What must hold: every prediction request started before the signal is answered 200; readiness
 * is seen DOWN before any request goes unanswered; a request may be refused (connection refused
 * or closed without an answer) only if it started after readiness was seen DOWN, and is never
 * answered 5xx; the process exits within the drain delay plus the graceful-shutdown timeout; and
 * nothing of all that is logged at WARN or above.
 */
class GracefulShutdownTest {

    static final Duration DRAIN = Duration.ofSeconds(1);
    static final Duration PHASE_TIMEOUT = Duration.ofSeconds(10);
    static final int CLIENTS = 6;

    /** One request's outcome; times are System.nanoTime(). */
    record Outcome(long startedAt, long endedAt, int status) {
    }

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure keeps grove.log to read
    Path work;

    @Test
    void sigtermUnderLoadAnswersEveryRequestSentBeforeItAndExitsInTime() throws Exception {
        int port = freePort();
        Process grove = GroveProcess.start(work.resolve("grove.log"), "--server.port=" + port,
                "--grove.shutdown.drain-delay=" + DRAIN.toMillis() + "ms",
                "--spring.lifecycle.timeout-per-shutdown-phase=" + PHASE_TIMEOUT.toSeconds() + "s",
                "--grove.admission.max-queue=1000", "--grove.admission.max-wait=10s",
                // The first batches of a cold JVM on a busy machine can wait past the 500 ms
                // dispatch delay for one of its 4 threads: this test is about shutdown, not admission.
                "--grove.admission.max-dispatch-delay=0");
        try {
            awaitReady(port, grove);
            ConcurrentLinkedQueue<Outcome> predictions = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Outcome> readiness = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            byte[] batch = HostileCorpusTest.post("/predict-batch", "application/json", ascii(batchOf(300)), "");
            byte[] probe = ascii("GET /actuator/health/readiness HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            long signalAt;
            long exitedAt;
            try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1)) {
                for (int i = 0; i < CLIENTS; i++) {
                    pool.submit(() -> loop(port, batch, predictions, running, 0));
                }
                pool.submit(() -> loop(port, probe, readiness, running, 20));
                Thread.sleep(1500);

                signalAt = System.nanoTime();
                grove.destroy(); // SIGTERM on Linux, as Kubernetes sends
                assertThat(grove.waitFor(DRAIN.plus(PHASE_TIMEOUT).toSeconds() + 20, TimeUnit.SECONDS))
                        .as("Grove exits after SIGTERM").isTrue();
                exitedAt = System.nanoTime();
                running.set(false);
            }

            List<Outcome> before = predictions.stream().filter(o -> o.startedAt() < signalAt).toList();
            List<Outcome> after = predictions.stream().filter(o -> o.startedAt() >= signalAt).toList();
            assertThat(before).as("load before the signal").hasSizeGreaterThan(CLIENTS);
            assertThat(before).as("every request started before SIGTERM is answered")
                    .allMatch(o -> o.status() == 200);
            assertThat(after).as("after SIGTERM: answered 200 or refused, never an error status (Grove's log: %s)",
                            work.resolve("grove.log"))
                    .allMatch(o -> o.status() == 200 || o.status() == RawHttp.REFUSED || o.status() == HostileCorpusTest.CLOSED);
            assertThat(after).as("Grove keeps serving during the drain delay").anyMatch(o -> o.status() == 200);

            long downSeenAt = readiness.stream()
                    .filter(o -> o.startedAt() >= signalAt && o.status() == 503)
                    .mapToLong(Outcome::endedAt).min().orElseThrow(() -> new AssertionError("readiness never seen DOWN: "
                            + readiness.stream().filter(o -> o.startedAt() >= signalAt).toList()));
            assertThat(after.stream().filter(o -> o.status() != 200))
                    .as("only requests started after readiness was seen DOWN are refused")
                    .allMatch(o -> o.startedAt() > downSeenAt);
            assertThat(Duration.ofNanos(exitedAt - signalAt)).as("exit within drain delay + shutdown timeout")
                    .isLessThan(DRAIN.plus(PHASE_TIMEOUT));
            // A routine start, load and shutdown is quiet: a WARN here would page nobody but train
            // whoever reads the log at 3 a.m. to skip the WARNs that matter.
            assertThat(StructuredLog.warningsAndErrors(GroveProcess.output(work.resolve("grove.log"))))
                    .as("WARN and ERROR lines of a start, load and graceful shutdown").isEmpty();
        } finally {
            grove.destroyForcibly();
        }
    }

    private static void loop(int port, byte[] request, ConcurrentLinkedQueue<Outcome> into, AtomicBoolean running, long pauseMillis) {
        while (running.get()) {
            long start = System.nanoTime();
            int status;
            try {
                Response response = RawHttp.exchange(port, request, false, 30_000);
                status = response.timedOut() ? RawHttp.TIMED_OUT : response.status();
            } catch (java.net.ConnectException refused) {
                status = RawHttp.REFUSED;
            } catch (IOException e) {
                status = HostileCorpusTest.CLOSED;
            }
            into.add(new Outcome(start, System.nanoTime(), status));
            if (status == RawHttp.REFUSED) {
                sleep(10);
            }
            sleep(pauseMillis);
        }
    }

    private static void awaitReady(int port, Process grove) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        byte[] probe = ascii("GET /actuator/health/readiness HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        while (System.nanoTime() < deadline) {
            assertThat(grove.isAlive()).as("Grove is running").isTrue();
            try {
                if (RawHttp.exchange(port, probe, false, 5000).status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Grove did not become ready");
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String batchOf(int rows) {
        return "{\"rows\":[" + String.join(",", rowsOf(rows)) + "]}";
    }

    /** Varied valid Iris rows, each as a JSON array of four numbers. */
    static List<String> rowsOf(int rows) {
        return IntStream.range(0, rows).mapToObj(i -> String.format(Locale.ROOT, "[%.1f,3.0,%.1f,1.5]",
                4.5 + (i % 30) / 10.0, 1.0 + (i % 50) / 10.0)).toList();
    }
}
