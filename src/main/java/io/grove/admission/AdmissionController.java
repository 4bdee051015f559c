package io.grove.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Bounds CPU-bound scoring to a fixed number of concurrent jobs, with a short, bounded wait.
 *
 * <p>A job that finds a free slot runs at once on the caller's thread. Otherwise it joins at most
 * {@code maxQueue} others waiting, for at most {@code maxWait}; a full queue or an expired wait
 * throws {@link OverloadedException} at once, so overload turns into quick refusals rather than
 * an ever-growing queue. Thread-safe.
 */
@Component
public class AdmissionController {

    private final Semaphore slots;
    private final int permits;
    private final int maxQueue;
    private final long maxWaitNanos;
    private final AdmissionProperties properties;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Counter queued;
    private final Counter rejectedQueueFull;
    private final Counter rejectedTimeout;
    private final Counter rejectedRequests;
    private final int maxRequests;
    private final AtomicInteger requests = new AtomicInteger();
    private final long maxDispatchDelayNanos;
    private final Counter rejectedDispatchDelay;
    private final Timer dispatchDelay;

    public AdmissionController(AdmissionProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.permits = properties.permits();
        this.slots = new Semaphore(permits);
        this.maxQueue = properties.maxQueue();
        this.maxWaitNanos = properties.maxWait().toNanos();
        this.queued = Counter.builder("grove.admission.queued")
                .description("Requests that waited for a scoring slot")
                .register(meters);
        this.rejectedQueueFull = rejected(meters, "queue_full");
        this.rejectedTimeout = rejected(meters, "timeout");
        this.rejectedRequests = rejected(meters, "max_requests");
        this.maxRequests = properties.maxRequests();
        this.rejectedDispatchDelay = rejected(meters, "dispatch_delay");
        this.maxDispatchDelayNanos = properties.maxDispatchDelay().toNanos();
        this.dispatchDelay = Timer.builder("grove.admission.dispatch.delay")
                .description("How long prediction requests waited for a server thread before Grove saw them")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1))
                .register(meters);
        Gauge.builder("grove.admission.requests", requests, AtomicInteger::get)
                .description("Prediction requests in progress now").register(meters);
        Gauge.builder("grove.admission.in_flight", slots, s -> permits - s.availablePermits())
                .description("Scoring jobs running now").register(meters);
        Gauge.builder("grove.admission.waiting", waiting, AtomicInteger::get)
                .description("Requests waiting for a scoring slot now").register(meters);
        Gauge.builder("grove.admission.limit", () -> permits)
                .description("Scoring jobs allowed to run at once").register(meters);
    }

    private static Counter rejected(MeterRegistry meters, String reason) {
        return Counter.builder("grove.admission.rejected")
                .description("Prediction requests refused with 503 because Grove was at capacity")
                .tag("reason", reason)
                .register(meters);
    }

    /**
     * Admits one prediction request for its whole course, before its body is read, so that the
     * work and memory held by requests in progress (bodies being read and parsed, batches being
     * scored) stay bounded however many connections are open, and so that a request that already
     * waited too long for a thread ({@link DispatchDelay}) is refused rather than answered late.
     * Every successful call must be paired with {@link #exitRequest()}.
     *
     * @throws OverloadedException if the request waited longer than {@code maxDispatchDelay} for a
     *                             thread, or {@code maxRequests} are already in progress
     */
    public void enterRequest() {
        long waited = DispatchDelay.take();
        dispatchDelay.record(waited, TimeUnit.NANOSECONDS);
        if (maxDispatchDelayNanos > 0 && waited > maxDispatchDelayNanos) {
            rejectedDispatchDelay.increment();
            throw new OverloadedException("The request waited " + TimeUnit.NANOSECONDS.toMillis(waited)
                    + " ms for a server thread, longer than the " + properties.maxDispatchDelay().toMillis()
                    + " ms allowed", properties.retryAfter());
        }
        if (maxRequests > 0 && requests.incrementAndGet() > maxRequests) {
            requests.decrementAndGet();
            rejectedRequests.increment();
            throw new OverloadedException("Too many prediction requests are in progress", properties.retryAfter());
        }
    }

    /** Ends a request admitted by {@link #enterRequest()}. */
    public void exitRequest() {
        if (maxRequests > 0) {
            requests.decrementAndGet();
        }
    }

    /**
     * Runs {@code job} once a slot is free.
     *
     * @param job the CPU-bound work
     * @return what the job returned
     * @throws OverloadedException if the wait queue is full or no slot frees up in time
     */
    public <T> T call(Supplier<T> job) {
        if (!slots.tryAcquire()) {
            awaitSlot();
        }
        try {
            return job.get();
        } finally {
            slots.release();
        }
    }

    private void awaitSlot() {
        if (waiting.incrementAndGet() > maxQueue) {
            waiting.decrementAndGet();
            rejectedQueueFull.increment();
            throw new OverloadedException("Too many requests are waiting for a prediction slot", properties.retryAfter());
        }
        queued.increment();
        try {
            if (!slots.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
                rejectedTimeout.increment();
                throw new OverloadedException("No prediction slot freed up within " + properties.maxWait().toMillis()
                        + " ms", properties.retryAfter());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OverloadedException("Interrupted while waiting for a prediction slot", properties.retryAfter());
        } finally {
            waiting.decrementAndGet();
        }
    }
}
