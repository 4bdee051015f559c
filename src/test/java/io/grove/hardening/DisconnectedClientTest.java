package io.grove.hardening;

import static io.grove.hardening.RawHttp.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.GroveTest;
import io.grove.support.StructuredLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Clients that reset the connection while their answer is being written, as a client timing out
 * or a load balancer giving up does, on both front ends. Grove must shrug: no WARN or ERROR per
 * request (a flapping client would otherwise flood the log), and it keeps serving.
 */
@GroveTest
@ExtendWith(OutputCaptureExtension.class)
class DisconnectedClientTest {

    static final int CLIENTS = 5;
    static final int ROWS = 1000;

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @ParameterizedTest
    @ValueSource(strings = {"/predict-batch", "/v2/models/{name}/infer"})
    void aClientResettingMidAnswerIsNotLoggedAsAProblem(String route, CapturedOutput output) throws Exception {
        byte[] request = route.equals("/predict-batch")
                ? HostileCorpusTest.post(route, "application/json", ascii(GracefulShutdownTest.batchOf(ROWS)), "")
                : HostileCorpusTest.post("/v2/models/iris/infer", "application/json", ascii(inferenceRequest(ROWS)), "");
        long before = requests(route);
        for (int i = 0; i < CLIENTS; i++) {
            try (Socket socket = new Socket()) {
                // A tiny receive window: the ~70 KB answer cannot all be written at once, so Grove
                // is still writing when the reset arrives.
                socket.setReceiveBufferSize(1024);
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(request);
                InputStream in = socket.getInputStream();
                assertThat(in.read()).as("the answer has begun").isEqualTo('H');
                socket.setSoLinger(true, 0); // close with a reset, not a FIN
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (requests(route) < before + CLIENTS && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(requests(route)).as("Grove has finished with every reset request").isGreaterThanOrEqualTo(before + CLIENTS);

        assertThat(StructuredLog.warningsAndErrors(output.getOut()))
                .as("WARN and ERROR lines after clients reset mid-answer").isEmpty();
        byte[] predict = HostileCorpusTest.post("/predict", "application/json", ascii("{\"features\":[5.1,3.5,1.4,0.2]}"), "");
        assertThat(RawHttp.exchange(port, predict, false, 10_000).status()).as("still serving").isEqualTo(200);
    }

    private long requests(String route) {
        return meters.find("http.server.requests").tag("uri", route).timers().stream()
                .mapToLong(Timer::count).sum();
    }

    /** The same rows as {@link GracefulShutdownTest#batchOf}, as an Open Inference Protocol tensor. */
    private static String inferenceRequest(int rows) {
        String data = GracefulShutdownTest.rowsOf(rows).stream()
                .map(row -> row.substring(1, row.length() - 1))
                .collect(Collectors.joining(","));
        return "{\"inputs\":[{\"name\":\"features\",\"shape\":[" + rows + ",4],\"datatype\":\"FP64\",\"data\":["
                + data + "]}]}";
    }
}
