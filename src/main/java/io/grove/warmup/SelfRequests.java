package io.grove.warmup;

import io.grove.warmup.RequestMix.SelfRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
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
 * Sends Grove's own {@link RequestMix} to Grove over loopback HTTP, from a few threads at once,
 * and checks every answer.
 *
 * <p>A 503 is admission control saying "not now" (a busy machine, a builder whose cores are taken
 * by another job): the request is sent again after a short pause that doubles up to
 * {@link #MAX_PAUSE}, for at most {@link #MAX_RETRY_TIME}. Any other answer than the expected one
 * is a failure and stops every sender. Immutable; one {@link #send} at a time per instance is not
 * required.
 *
 * @param base    the server's root, e.g. {@code http://127.0.0.1:8000}
 * @param mix     what to send
 * @param headers extra request headers (an API key), may be empty
 */
public record SelfRequests(URI base, RequestMix mix, Map<String, String> headers) {

    static final int SENDERS = 4;
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
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                ExecutorService pool = Executors.newFixedThreadPool(SENDERS)) {
            List<Callable<Void>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int first = s;
                SplittableRandom random = seed.split();
                senders.add(() -> {
                    for (int i = first; i < count && failure.get() == null && System.nanoTime() - deadlineNanos < 0; i += SENDERS) {
                        String wrong;
                        try {
                            wrong = sendUntilAdmitted(client, mix.request(i, random), retried, deadlineNanos);
                        } catch (HttpTimeoutException pastTheDeadline) {
                            return null; // the time given is up: not a wrong answer
                        }
                        if (wrong == null) {
                            answered.incrementAndGet();
                        } else {
                            failure.compareAndSet(null, wrong);
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
    private String sendUntilAdmitted(HttpClient client, SelfRequest request, AtomicInteger retried, long deadlineNanos)
            throws Exception {
        // No request outlives the deadline, so the caller's time bound holds (a cold server's
        // first answers can take seconds on a busy machine).
        long left = Math.max(1, deadlineNanos - System.nanoTime());
        HttpRequest.Builder http = HttpRequest.newBuilder(base.resolve(request.path()))
                .timeout(Duration.ofNanos(left))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.body()));
        headers.forEach(http::header);
        HttpRequest built = http.build();
        long giveUpAt = System.nanoTime() + MAX_RETRY_TIME.toNanos();
        Duration pause = FIRST_PAUSE;
        while (true) {
            HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == request.expectedStatus()) {
                return null;
            }
            if (status != 503 || System.nanoTime() - giveUpAt > 0) {
                return "POST " + request.path() + " answered " + status + ", expected " + request.expectedStatus()
                        + (status == 503 ? " (still 503 after " + MAX_RETRY_TIME.toSeconds() + " s of retries)" : "")
                        + ": " + response.body();
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new HttpTimeoutException("the time given is up");
            }
            retried.incrementAndGet();
            Thread.sleep(pause);
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }
}
