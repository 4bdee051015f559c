package io.grove.hardening;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends arbitrary bytes to a server over a plain socket and reads one HTTP/1.1 response, with a
 * read timeout, so tests can send what an HTTP client library would refuse to.
 */
final class RawHttp {

    /** Outcome code: the connection was refused, nothing is listening. */
    static final int REFUSED = -2;
    /** Outcome code: neither answer nor close within the timeout. */
    static final int TIMED_OUT = -3;

    private RawHttp() {
    }

    /**
     * One exchange's outcome.
     *
     * @param status   the response status; {@code -1} if the server closed without answering
     * @param timedOut whether the server neither answered nor closed within the timeout
     */
    record Response(int status, Map<String, String> headers, String body, boolean timedOut) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return timedOut ? "(timed out)" : status == -1 ? "(closed without answer)"
                    : status + " " + headers.get("content-type") + " " + body.substring(0, Math.min(300, body.length()));
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes {@code request} and reads the first response.
     *
     * @param halfClose whether to shut down output after writing, as a client that has sent all it will
     */
    static Response exchange(int port, byte[] request, boolean halfClose, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            try {
                // Write in pieces, so a server that answers early (413) and closes is seen, not a write error.
                for (int off = 0; off < request.length; off += 65536) {
                    out.write(request, off, Math.min(65536, request.length - off));
                }
                out.flush();
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException serverStoppedReading) {
                // The server may answer and close before reading everything: read what it said.
            }
            return read(socket.getInputStream());
        }
    }

    /** Reads one response from {@code in}, as {@link #exchange} does after writing. */
    static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try {
            byte[] buffer = new byte[8192];
            int headerEnd = -1;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                raw.write(buffer, 0, n);
                String text = raw.toString(StandardCharsets.ISO_8859_1);
                if (headerEnd < 0) {
                    headerEnd = text.indexOf("\r\n\r\n");
                }
                if (headerEnd >= 0 && complete(text, headerEnd)) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            if (raw.size() == 0) {
                return new Response(-1, Map.of(), "", true);
            }
        } catch (IOException reset) {
            if (raw.size() == 0) {
                return new Response(-1, Map.of(), "", false);
            }
        }
        return parse(raw.toString(StandardCharsets.UTF_8));
    }

    private static boolean complete(String text, int headerEnd) {
        Map<String, String> headers = headers(text.substring(0, headerEnd));
        String length = headers.get("content-length");
        if (length != null) {
            return text.length() - headerEnd - 4 >= Integer.parseInt(length.trim());
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            return text.endsWith("0\r\n\r\n");
        }
        return false;
    }

    private static Response parse(String text) {
        int headerEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || headerEnd < 0) {
            return new Response(-1, Map.of(), text, false);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        Map<String, String> headers = headers(text.substring(0, headerEnd));
        String body = text.substring(headerEnd + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, body, false);
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> headers = new TreeMap<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        while (pos < body.length()) {
            int lineEnd = body.indexOf("\r\n", pos);
            if (lineEnd < 0) {
                break;
            }
            int size;
            try {
                size = Integer.parseInt(body.substring(pos, lineEnd).split(";")[0].trim(), 16);
            } catch (NumberFormatException e) {
                return body; // not chunked after all (e.g. a bare answer after a broken request): keep it raw
            }
            if (size == 0) {
                break;
            }
            int start = lineEnd + 2;
            // Sizes count bytes; the body was decoded as UTF-8, close enough for ASCII problem bodies.
            out.append(body, start, Math.min(body.length(), start + size));
            pos = start + size + 2;
        }
        return out.toString();
    }

}
