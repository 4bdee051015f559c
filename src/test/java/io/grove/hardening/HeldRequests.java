package io.grove.hardening;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Batch requests that hold their places in Grove's admission: each sends its line, headers and its
 * body's first byte over its own socket, then one more byte every {@value #TRICKLE_MILLIS} ms, well
 * inside the server's read timeouts, until {@link #finish} sends the rest of every body.
 */
final class HeldRequests implements AutoCloseable {

    static final long TRICKLE_MILLIS = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A held request's answer. */
    record Answer(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private final byte[] body;
    private final List<Socket> sockets = new ArrayList<>();
    private final int[] sent;
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    HeldRequests(int port, int count, String json) throws IOException {
        body = json.getBytes(StandardCharsets.UTF_8);
        sent = new int[count];
        byte[] head = RawHttp.ascii("POST /predict-batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n");
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket("127.0.0.1", port);
            sockets.add(socket);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.write(body, 0, 1);
            out.flush();
            sent[i] = 1;
        }
        trickle.scheduleAtFixedRate(this::sendOneMoreByteEach, TRICKLE_MILLIS, TRICKLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sendOneMoreByteEach() {
        for (int i = 0; i < sent.length; i++) {
            if (sent[i] < body.length - 1) {
                try {
                    sockets.get(i).getOutputStream().write(body, sent[i], 1);
                    sockets.get(i).getOutputStream().flush();
                    sent[i]++;
                } catch (IOException e) {
                    // The server gave up on it: finish() reads what it answered.
                }
            }
        }
    }

    /** Sends the rest of every body, one right after the other, and reads each answer. */
    List<Answer> finish() throws IOException, InterruptedException {
        trickle.shutdown();
        if (!trickle.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the trickle did not stop");
        }
        for (int i = 0; i < sent.length; i++) {
            OutputStream out = sockets.get(i).getOutputStream();
            out.write(body, sent[i], body.length - sent[i]);
            out.flush();
        }
        List<Answer> answers = new ArrayList<>();
        for (Socket socket : sockets) {
            RawHttp.Response response = RawHttp.read(socket.getInputStream());
            answers.add(new Answer(response.status(), response.body()));
        }
        return answers;
    }

    @Override
    public void close() throws IOException {
        trickle.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
