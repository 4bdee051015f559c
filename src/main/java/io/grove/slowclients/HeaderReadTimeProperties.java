package io.grove.slowclients;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The total time limit for a request's line and headers ({@code grove.api.max-header-read-time}).
 *
 * @param maxHeaderReadTime the longest a request's line and headers may take to arrive, from their
 *                          first byte; slower connections are closed without an answer; 0: no limit
 */
@ConfigurationProperties("grove.api")
public record HeaderReadTimeProperties(@DefaultValue("10s") Duration maxHeaderReadTime) {
}
