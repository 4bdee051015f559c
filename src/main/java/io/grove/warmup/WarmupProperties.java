package io.grove.warmup;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The warm-up before readiness ({@code grove.warmup.*}): see {@link WarmupBeforeReadiness}.
 *
 * @param enabled             whether Grove warms up before it reports ready
 * @param requests            at most this many requests of the {@link RequestMix}
 * @param maxTime             and for at most this long
 * @param maxStartupFraction  and never longer than this fraction of the start-up before it (the
 *                            JVM's uptime when the warm-up begins), so that readiness comes at
 *                            most {@code 1 + maxStartupFraction} times as late as without it
 */
@ConfigurationProperties("grove.warmup")
public record WarmupProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("20000") int requests,
        @DefaultValue("5s") Duration maxTime,
        @DefaultValue("0.5") double maxStartupFraction) {
}
