package io.grove.warmup;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection from Grove to itself over loopback, one request at a time: the
 * sender of {@link SelfRequests}.
 *
 * <p>Why not the JDK's {@code HttpClient}: before readiness nothing is compiled yet, the client
 * included, and measured here a cold {@code HttpClient} (asynchronous, a selector thread, futures per
 * request) got 750 to 1,700 requests answered in the 2.4 to 2.8 s a warm-up may take, while the same
 * cold server answered wrk's 100 connections at about 2,000 a second. The warm-up exists to run the
 * server's code, so its client should cost as little as a client can: it writes prepared bytes and
 * reads a status line, headers and a body of {@code Content-Length} or chunked encoding, which is all
 * that Grove answers on these paths. Not thread-safe: one per sending thread.
 */
final class LoopbackConnection implements AutoCloseable {

    /** An answer: its status and its body as text. */
    record Answer(int status, String body) {
    }

    private static final int MAX_LINE = 16 * 1024;

    private final InetSocketAddress address;
    private final byte[] headerBlock;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /**
     * @param host    the server's host (loopback)
     * @param port    its port
     * @param headers extra request headers sent with every request (an API key), may be empty
     */
    LoopbackConnection(String host, int port, Map<String, String> headers) {
        this.address = new InetSocketAddress(host, port);
        StringBuilder block = new StringBuilder("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Content-Type: application/json\r\n");
        headers.forEach((name, value) -> block.append(name).append(": ").append(value).append("\r\n"));
        this.headerBlock = block.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * POSTs {@code body} to {@code path} and reads the answer, opening the connection first if the
     * server closed it. At most {@code timeoutMillis} is spent waiting for any one read.
     *
     * @throws SocketTimeoutException if the server is silent that long
     * @throws IOException            if the connection fails or the answer is not HTTP
     */
    Answer post(String path, byte[] body, int timeoutMillis) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, timeoutMillis);
            in = new BufferedInputStream(socket.getInputStream(), 8192);
            out = socket.getOutputStream();
        }
        socket.setSoTimeout(Math.max(1, timeoutMillis));
        try {
            ByteArrayOutputStream request = new ByteArrayOutputStream(256 + body.length);
            request.writeBytes(("POST " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
            request.writeBytes(headerBlock);
            request.writeBytes(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            request.writeBytes(body);
            request.writeTo(out);
            out.flush();
            return readAnswer();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private Answer readAnswer() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closes = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closes = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = Long.parseLong(chunkSize(line()), 16); size > 0; size = Long.parseLong(chunkSize(line()), 16)) {
                copy(size, body);
                line();
            }
            while (!line().isEmpty()) {
                // trailers, none expected
            }
        } else if (length >= 0) {
            copy(length, body);
        } else {
            closes = true; // a body that ends with the connection
            in.transferTo(body);
        }
        if (closes) {
            close();
        }
        return new Answer(status, body.toString(StandardCharsets.UTF_8));
    }

    private static String chunkSize(String line) {
        int extension = line.indexOf(';');
        return (extension < 0 ? line : line.substring(0, extension)).trim();
    }

    private void copy(long count, ByteArrayOutputStream to) throws IOException {
        byte[] buffer = new byte[(int) Math.min(count, 8192)];
        for (long left = count; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(left, buffer.length));
            if (n < 0) {
                throw new EOFException("the answer ended " + left + " bytes early");
            }
            to.write(buffer, 0, n);
            left -= n;
        }
    }

    /** One CRLF-terminated line, without its terminator. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the connection closed mid-answer");
            }
            if (c != '\r') {
                line.append((char) c);
            }
            if (line.length() > MAX_LINE) {
                throw new IOException("an answer line longer than " + MAX_LINE + " bytes");
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a loopback socket we are done with
            }
            socket = null;
        }
    }
}
