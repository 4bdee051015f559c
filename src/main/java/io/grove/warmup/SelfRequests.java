package io.grove.warmup;

import io.grove.warmup.RequestMix.SelfRequest;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends Grove's own {@link RequestMix} to Grove over loopback HTTP, from {@link #SENDERS} keep-alive
 * connections at once ({@link LoopbackConnection}), and checks every answer.
 *
 * <p>A 503 is admission control saying "not now" (a busy machine, a builder whose cores are taken
 * by another job): the request is sent again after a short pause that doubles up to
 * {@link #MAX_PAUSE}, for at most {@link #MAX_RETRY_TIME}. Any other answer than the expected one
 * is a failure and stops every sender. Immutable; one {@link #send} at a time per instance is not
 * required.
 *
 * @param host    the server's host, e.g. {@code 127.0.0.1}
 * @param port    its port
 * @param mix     what to send
 * @param headers extra request headers (an API key), may be empty
 */
public record SelfRequests(String host, int port, RequestMix mix, Map<String, String> headers) {

    /** Enough connections to keep Tomcat's threads, queues and both cores busy, as 100 clients do. */
    static final int SENDERS = 16;
    static final Duration FIRST_PAUSE = Duration.ofMillis(5);
    static final Duration MAX_PAUSE = Duration.ofMillis(200);
    /** How long one request may keep being answered 503 before that is a failure. */
    static final Duration MAX_RETRY_TIME = Duration.ofSeconds(60);

    /**
     * What a run did.
     *
     * @param answered requests answered as expected
     * @param retried  answers 503 that were sent again
     * @param failure  the first unexpected answer or error, {@code null} if none
     */
    public record Outcome(int answered, int retried, String failure) {
    }

    /** Sends requests {@code 0..count-1} of the mix, stopping early only at the first failure. */
    public Outcome sendAll(int count) {
        return send(count, System.nanoTime() + Long.MAX_VALUE / 2);
    }

    /**
     * Sends requests {@code 0..count-1} of the mix, stopping early at the first failure or once
     * {@code System.nanoTime()} passes {@code deadlineNanos}, a request in flight or being retried
     * then included (not a failure: the caller bounds the time it gives).
     */
    public Outcome send(int count, long deadlineNanos) {
        SplittableRandom seed = new SplittableRandom(42);
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(SENDERS)) {
            List<Callable<Void>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int first = s;
                SplittableRandom random = seed.split();
                senders.add(() -> {
                    try (LoopbackConnection connection = new LoopbackConnection(host, port, headers)) {
                        for (int i = first; i < count && failure.get() == null && System.nanoTime() - deadlineNanos < 0;
                                i += SENDERS) {
                            String wrong;
                            try {
                                wrong = sendUntilAdmitted(connection, mix.request(i, random), retried, deadlineNanos);
                            } catch (PastTheDeadline | SocketTimeoutException late) {
                                return null; // the time given is up: not a wrong answer
                            }
                            if (wrong == null) {
                                answered.incrementAndGet();
                            } else {
                                failure.compareAndSet(null, wrong);
                            }
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> sender : pool.invokeAll(senders)) {
                sender.get();
            }
        } catch (Exception e) {
            failure.compareAndSet(null, e.toString());
        }
        return new Outcome(answered.get(), retried.get(), failure.get());
    }

    /** Sends {@code request} until it is not answered 503; what was wrong with the answer, or {@code null}. */
    private static String sendUntilAdmitted(LoopbackConnection connection, SelfRequest request, AtomicInteger retried,
                                            long deadlineNanos) throws Exception {
        byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
        long giveUpAt = System.nanoTime() + MAX_RETRY_TIME.toNanos();
        Duration pause = FIRST_PAUSE;
        while (true) {
            // No request outlives the deadline, so the caller's time bound holds (a cold server's
            // first answers can take seconds on a busy machine).
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new PastTheDeadline();
            }
            LoopbackConnection.Answer answer = connection.post(request.path(), body,
                    (int) Math.min(Integer.MAX_VALUE, Math.max(1, left / 1_000_000)));
            if (answer.status() == request.expectedStatus()) {
                return null;
            }
            if (answer.status() != 503 || System.nanoTime() - giveUpAt > 0) {
                return "POST " + request.path() + " answered " + answer.status() + ", expected "
                        + request.expectedStatus()
                        + (answer.status() == 503 ? " (still 503 after " + MAX_RETRY_TIME.toSeconds() + " s of retries)" : "")
                        + ": " + answer.body();
            }
            retried.incrementAndGet();
            Thread.sleep(pause);
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }

    /** The caller's deadline passed while a request was being retried. */
    private static final class PastTheDeadline extends Exception {
        PastTheDeadline() {
            super("the time given is up", null, false, false);
        }
    }
}
