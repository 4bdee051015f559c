import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small closed-loop (or paced) HTTP/1.1 load generator for Grove's resilience scripts: N
 * keep-alive connections, each on a virtual thread, POST the same JSON body for a while, and the
 * latency of each answer is recorded per status, so the p99 of accepted (200) answers can be told
 * apart from quick 503 refusals. wrk reports one latency figure for all statuses, hence this tool.
 *
 * <p>Run: {@code java loadtest/Hammer.java PORT CONNECTIONS SECONDS [RATE_PER_SECOND|0] [PATH] [BODY_FILE]};
 * prints one {@code key=value} line. With {@code HONOUR_RETRY_AFTER=1} in the environment a
 * connection answered 503 waits as long as its {@code Retry-After} header says before it sends again,
 * as a well-behaved client does; by default it sends again at once, as wrk does. With
 * {@code WARMUP_SECONDS=S} it sends for S seconds more first, and records nothing of them. The default body is one Iris row for {@code /predict}.
 */
public class Hammer {

    static final String BODY = "{\"features\":[5.1,3.5,1.4,0.2]}";
    static final boolean HONOUR_RETRY_AFTER = "1".equals(System.getenv("HONOUR_RETRY_AFTER"));
    static final double WARMUP_SECONDS = Double.parseDouble(System.getenv().getOrDefault("WARMUP_SECONDS", "0"));
    /** Answers to requests due before this are not recorded: both JVMs are still compiling. */
    static long measureFrom;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int connections = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        double rate = args.length > 3 ? Double.parseDouble(args[3]) : 0;
        String path = args.length > 4 ? args[4] : "/predict";
        String body = args.length > 5 && !args[5].isEmpty() ? java.nio.file.Files.readString(java.nio.file.Path.of(args[5])).strip() : BODY;
        byte[] request = ("POST " + path + " HTTP/1.1\r\nHost: grove\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
        measureFrom = System.nanoTime() + (long) (WARMUP_SECONDS * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        // Paced mode: each connection sends on its own fixed schedule, so the total is RATE per second.
        long intervalNanos = rate > 0 ? (long) (1e9 * connections / rate) : 0;
        Map<Integer, List<long[]>> latencies = new ConcurrentHashMap<>();
        AtomicLong ioErrors = new AtomicLong();
        AtomicLong reconnects = new AtomicLong();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                long offset = intervalNanos == 0 ? 0 : (intervalNanos * c) / connections;
                pool.submit(() -> run(port, request, end, intervalNanos, offset, latencies, ioErrors, reconnects));
            }
        }
        report(latencies, ioErrors.get(), reconnects.get(), seconds);
    }

    static void run(int port, byte[] request, long end, long interval, long offset, Map<Integer, List<long[]>> latencies,
                    AtomicLong ioErrors, AtomicLong reconnects) {
        Map<Integer, long[]> mine = new TreeMap<>();
        Map<Integer, Integer> counts = new TreeMap<>();
        long next = System.nanoTime() + offset;
        Socket socket = null;
        while (System.nanoTime() < end) {
            long start;
            if (interval > 0) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    sleepNanos(wait);
                }
                // Timed from when the request was due, not when it went out: a late send (the answer
                // before it was slow) counts against the server, so there is no coordinated omission.
                start = next;
                next += interval;
            } else {
                start = System.nanoTime();
            }
            try {
                if (socket == null) {
                    socket = new Socket("127.0.0.1", port);
                    socket.setSoTimeout(30_000);
                    socket.setTcpNoDelay(true);
                }
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                Answer answer = readAnswer(new BufferedInputStream(socket.getInputStream(), 512));
                long took = System.nanoTime() - start;
                if (start >= measureFrom) {
                    int n = counts.merge(answer.status, 1, Integer::sum);
                    long[] arr = mine.computeIfAbsent(answer.status, k -> new long[1024]);
                    if (n > arr.length) {
                        arr = Arrays.copyOf(arr, arr.length * 2);
                        mine.put(answer.status, arr);
                    }
                    arr[n - 1] = took;
                }
                if (answer.close) {
                    socket.close();
                    socket = null;
                    reconnects.incrementAndGet();
                }
                if (HONOUR_RETRY_AFTER && answer.status == 503 && answer.retryAfterSeconds > 0) {
                    sleepNanos(Math.min(answer.retryAfterSeconds * 1_000_000_000L, Math.max(0, end - System.nanoTime())));
                    next = System.nanoTime();
                }
            } catch (IOException e) {
                ioErrors.incrementAndGet();
                closeQuietly(socket);
                socket = null;
                sleepNanos(1_000_000);
            }
        }
        closeQuietly(socket);
        for (var e : mine.entrySet()) {
            latencies.computeIfAbsent(e.getKey(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(Arrays.copyOf(e.getValue(), counts.get(e.getKey())));
        }
    }

    record Answer(int status, boolean close, long retryAfterSeconds) {
    }

    /** Reads one response: status line, headers, and a Content-Length body (Grove never chunks these). */
    static Answer readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        if (b < 0) {
            throw new IOException("closed");
        }
        String text = head.toString().toLowerCase();
        int status = Integer.parseInt(text.substring(9, 12));
        int length = 0;
        int at = text.indexOf("content-length:");
        if (at >= 0) {
            length = Integer.parseInt(text.substring(at + 15, text.indexOf("\r\n", at)).trim());
        }
        in.readNBytes(length);
        long retryAfter = 0;
        at = text.indexOf("retry-after:");
        if (at >= 0) {
            retryAfter = Long.parseLong(text.substring(at + 12, text.indexOf("\r\n", at)).trim());
        }
        return new Answer(status, text.contains("connection: close"), retryAfter);
    }

    static void report(Map<Integer, List<long[]>> latencies, long ioErrors, long reconnects, double seconds) {
        StringBuilder line = new StringBuilder();
        long total = 0;
        for (var e : new TreeMap<>(latencies).entrySet()) {
            long[] all = e.getValue().stream().flatMapToLong(Arrays::stream).sorted().toArray();
            total += all.length;
            line.append(String.format("s%d=%d s%d_p50_ms=%.1f s%d_p99_ms=%.1f s%d_max_ms=%.1f ", e.getKey(), all.length,
                    e.getKey(), pct(all, 0.50), e.getKey(), pct(all, 0.99), e.getKey(), all.length == 0 ? 0 : all[all.length - 1] / 1e6));
        }
        long ok = latencies.getOrDefault(200, List.of()).stream().mapToLong(a -> a.length).sum();
        line.append(String.format("total=%d ok_per_s=%.0f io_errors=%d reconnects=%d", total, ok / seconds, ioErrors, reconnects));
        System.out.println(line.toString().trim());
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
