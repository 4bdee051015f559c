package io.grove.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

/** Waits, through the real metrics endpoint, for Grove's count of prediction requests in progress. */
public final class RequestsInProgress {

    private RequestsInProgress() {
    }

    /** Returns once {@code grove_admission_requests} reads {@code expected}; fails after 10 s. */
    public static void await(ApiClient api, int expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        String pattern = "(?s).*\\ngrove_admission_requests\\{[^}]*} " + expected + "\\.0\\n.*";
        while (!api.get("/actuator/prometheus").body().matches(pattern)) {
            assertThat(Instant.now()).as("requests in progress never reached " + expected).isBefore(deadline);
            Thread.sleep(20);
        }
    }
}
