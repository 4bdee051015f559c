package io.grove.admission;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How much scoring may run at once ({@code grove.admission.*}).
 *
 * @param maxConcurrent scoring jobs that run at once; 0 means one per available processor
 * @param maxQueue      requests that may wait for a slot; beyond that a request is refused at once
 * @param maxWait       how long a request may wait for a slot before it is refused
 * @param retryAfter    what the {@code Retry-After} header of a refusal tells clients
 * @param maxRequests   prediction requests that may be in progress at once, from the moment they are
 *                      routed (before their body is read) to their answer; beyond that a request is
 *                      refused at once; 0 means no limit
 * @param maxDispatchDelay how long a prediction request may have waited for a server thread after it
 *                      arrived; one that waited longer is refused at once, since its client is
 *                      already late; zero means no limit
 */
@ConfigurationProperties("grove.admission")
public record AdmissionProperties(int maxConcurrent, int maxQueue, Duration maxWait, Duration retryAfter,
                                  int maxRequests, Duration maxDispatchDelay) {

    /** The effective number of concurrent jobs. */
    public int permits() {
        return maxConcurrent > 0 ? maxConcurrent : Runtime.getRuntime().availableProcessors();
    }
}
