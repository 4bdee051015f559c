package io.grove.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warm-up's loopback client against the JDK's own HTTP server, which answers in every way the
 * client must read: with a length, chunked, closing the connection, or not at all.
 */
class LoopbackConnectionTest {

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch never = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/length", exchange -> answer(exchange, 200, -1, false));
        server.createContext("/chunked", exchange -> answer(exchange, 422, 0, false));
        server.createContext("/close", exchange -> answer(exchange, 503, -1, true));
        server.createContext("/silent", exchange -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        never.countDown();
        server.stop(0);
    }

    /** Echoes the request body and the client's address and headers; {@code length} 0 makes the JDK server chunk. */
    private void answer(HttpExchange exchange, int status, long length, boolean close) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(exchange.getRemoteAddress().getPort() + " " + exchange.getRequestHeaders().getFirst("X-API-Key") + " "
                + exchange.getRequestHeaders().getFirst("Content-Type"));
        byte[] body = ("echo " + request + " " + "x".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
        if (close) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(status, length < 0 ? body.length : 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private LoopbackConnection connection() {
        return new LoopbackConnection("127.0.0.1", server.getAddress().getPort(), Map.of("X-API-Key", "k"));
    }

    @Test
    void readsAnswersWithALengthAndChunkedOnOneKeptAliveConnection() throws IOException {
        try (LoopbackConnection connection = connection()) {
            LoopbackConnection.Answer first = connection.post("/length", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), 5_000);
            LoopbackConnection.Answer second = connection.post("/chunked", "{\"b\":2}".getBytes(StandardCharsets.UTF_8), 5_000);
            LoopbackConnection.Answer third = connection.post("/length", new byte[0], 5_000);

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).startsWith("echo {\"a\":1} xxx").hasSize(10_013);
            assertThat(second.status()).isEqualTo(422);
            assertThat(second.body()).startsWith("echo {\"b\":2} xxx").hasSize(10_013);
            assertThat(third.body()).startsWith("echo  xxx");
        }
        assertThat(seen).hasSize(3).allMatch(line -> line.endsWith(" k application/json"));
        assertThat(seen.stream().map(line -> line.split(" ")[0]).distinct()).as("client ports").hasSize(1);
    }

    @Test
    void opensANewConnectionAfterTheServerSaysClose() throws IOException {
        try (LoopbackConnection connection = connection()) {
            assertThat(connection.post("/close", new byte[0], 5_000).status()).isEqualTo(503);
            assertThat(connection.post("/length", new byte[0], 5_000).status()).isEqualTo(200);
        }
        assertThat(seen.stream().map(line -> line.split(" ")[0]).distinct()).as("client ports").hasSize(2);
    }

    @Test
    void givesUpOnASilentServerAfterItsTimeout() {
        try (LoopbackConnection connection = connection()) {
            assertThatThrownBy(() -> connection.post("/silent", new byte[0], 200))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }
}
