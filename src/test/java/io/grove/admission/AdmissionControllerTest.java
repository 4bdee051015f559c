package io.grove.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Admission without HTTP: scoring slots, the wait queue, and the requests in progress. */
class AdmissionControllerTest {

    private static AdmissionController admission(int slots, int queue, Duration maxWait, int maxRequests) {
        return new AdmissionController(new AdmissionProperties(slots, queue, maxWait, Duration.ofSeconds(3), maxRequests,
                Duration.ZERO), new SimpleMeterRegistry());
    }

    @Test
    void aFreeSlotRunsTheJob() {
        assertThat(admission(1, 0, Duration.ofSeconds(1), 0).call(() -> 42)).isEqualTo(42);
    }

    @Test
    void withEverySlotBusyAndNoQueueAJobIsRefusedAtOnce() throws Exception {
        AdmissionController admission = admission(1, 0, Duration.ofSeconds(10), 0);
        try (Occupied ignored = occupy(admission)) {
            assertThatThrownBy(() -> admission.call(() -> 1))
                    .isInstanceOfSatisfying(OverloadedException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("Too many requests are waiting for a prediction slot");
                        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
                    });
        }
    }

    @Test
    void aQueuedJobIsRefusedWhenNoSlotFreesUpInTime() throws Exception {
        AdmissionController admission = admission(1, 1, Duration.ofMillis(20), 0);
        try (Occupied ignored = occupy(admission)) {
            assertThatThrownBy(() -> admission.call(() -> 1)).isInstanceOf(OverloadedException.class)
                    .hasMessage("No prediction slot freed up within 20 ms");
        }
        assertThat(admission.call(() -> 2)).as("the slot is free again").isEqualTo(2);
    }

    @Test
    void requestsBeyondTheLimitAreRefusedUntilOneEnds() {
        AdmissionController admission = admission(1, 0, Duration.ofSeconds(1), 1);
        admission.enterRequest();

        assertThatThrownBy(admission::enterRequest).isInstanceOf(OverloadedException.class)
                .hasMessage("Too many prediction requests are in progress");

        admission.exitRequest();
        admission.enterRequest();
        admission.exitRequest();
    }

    /** Holds the only slot on another thread until closed. */
    private static Occupied occupy(AdmissionController admission) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> job = CompletableFuture.supplyAsync(() -> admission.call(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }));
        running.await();
        return () -> {
            release.countDown();
            job.join();
        };
    }

    private interface Occupied extends AutoCloseable {
        @Override
        void close();
    }
}
