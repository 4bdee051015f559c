package io.grove.shutdown;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Shutdown settings ({@code grove.shutdown.*}).
 *
 * @param drainDelay how long Grove keeps serving, with readiness DOWN, before it stops accepting
 *                   connections; the graceful wait for requests in flight comes after it
 */
@ConfigurationProperties("grove.shutdown")
public record ShutdownProperties(Duration drainDelay) {
}
