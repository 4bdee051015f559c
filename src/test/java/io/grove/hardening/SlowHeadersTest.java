package io.grove.hardening;

import static io.grove.hardening.RawHttp.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.GroveTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code grove.api.max-header-read-time}: a client that sends its request line and headers a
 * byte at a time, each byte well inside the read timeout, is cut off once the total passes the
 * limit, and as many such clients as {@code server.tomcat.max-connections} do not keep an
 * ordinary request out. Over raw sockets, against the real server.
 */
@GroveTest
@TestPropertySource(properties = {
        "grove.api.max-header-read-time=2s",
        "server.tomcat.max-connections=" + SlowHeadersTest.MAX_CONNECTIONS,
        "server.tomcat.connection-timeout=5s",
        // This test is about connections; on a busy machine the wait for a thread may pass the default 500 ms.
        "grove.admission.max-dispatch-delay=0"})
class SlowHeadersTest {

    static final int MAX_CONNECTIONS = 6;
    /** One header byte every 200 ms: 150 bytes take 30 s, each byte far inside the 5 s read timeout. */
    static final long BYTE_EVERY_MILLIS = 200;
    static final int SLOW_HEADER_BYTES = 150;

    @Autowired
    ApiClient api;

    @Test
    void aClientTricklingItsHeadersIsCutOffAfterTheLimitNotWhenItIsDone() throws Exception {
        SlowClient slow = SlowClient.connect(port());

        String end = slow.trickle().get(60, TimeUnit.SECONDS);
        long millis = slow.millisUntilCutOff();

        assertThat(end).as("how the connection ended").isIn("closed", "408");
        assertThat(millis).as("ms from the first byte to the cut-off").isGreaterThanOrEqualTo(2000)
                .isLessThan(SLOW_HEADER_BYTES * BYTE_EVERY_MILLIS);
    }

    @Test
    void anOrdinaryRequestIsAnsweredWhileMaxConnectionsSlowClientsTrickle() throws Exception {
        List<SlowClient> slow = new ArrayList<>();
        List<CompletableFuture<String>> ends = new ArrayList<>();
        for (int i = 0; i < MAX_CONNECTIONS; i++) {
            SlowClient client = SlowClient.connect(port());
            slow.add(client);
            ends.add(client.trickle());
        }
        Thread.sleep(500); // every slow client is connected and sending

        byte[] predict = HostileCorpusTest.post("/predict", "application/json", ascii("{\"features\":[5.1,3.5,1.4,0.2]}"), "");
        RawHttp.Response answer = RawHttp.exchange(port(), predict, false, 25_000);

        assertThat(answer.status()).as("the ordinary request, beside %d slow clients: %s", MAX_CONNECTIONS, answer)
                .isEqualTo(200);
        for (CompletableFuture<String> end : ends) {
            assertThat(end.get(60, TimeUnit.SECONDS)).isIn("closed", "408");
        }
    }

    private int port() {
        return URI.create(api.base()).getPort();
    }

    /** A client that sends a request line, then one header a byte at a time, until the server ends it. */
    record SlowClient(Socket socket, long startedAt, long[] endedAt) {

        static SlowClient connect(int port) throws IOException {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(60_000);
            return new SlowClient(socket, System.nanoTime(), new long[1]);
        }

        /** Starts sending; completes with "closed", the answer's status, or "sent it all". */
        CompletableFuture<String> trickle() {
            CompletableFuture<String> end = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (socket) {
                    InputStream in = socket.getInputStream();
                    Thread.ofVirtual().start(() -> end.complete(read(in)));
                    OutputStream out = socket.getOutputStream();
                    byte[] head = ascii("POST /predict HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
                            + "a".repeat(SLOW_HEADER_BYTES) + "\r\n\r\n");
                    for (int i = 0; i < head.length && !end.isDone(); i++) {
                        out.write(head[i]);
                        out.flush();
                        Thread.sleep(BYTE_EVERY_MILLIS);
                    }
                    end.complete("sent it all");
                } catch (IOException | InterruptedException e) {
                    end.complete("closed");
                }
            });
            return end.whenComplete((r, e) -> endedAt[0] = System.nanoTime());
        }

        private String read(InputStream in) {
            try {
                int first = in.read();
                if (first < 0) {
                    return "closed";
                }
                byte[] rest = in.readNBytes(11);
                return new String(rest, 8, 3, java.nio.charset.StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                return "closed";
            }
        }

        long millisUntilCutOff() {
            return (endedAt[0] - startedAt) / 1_000_000;
        }
    }
}
