package io.grove.shutdown;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps serving for {@code grove.shutdown.drain-delay} after shutdown begins.
 *
 * <p>On SIGTERM Spring Boot first marks readiness REFUSING_TRAFFIC (the readiness probe answers
 * DOWN), then stops the lifecycle beans, highest phase first. This bean stops first, and waits, so
 * that load balancers see readiness DOWN and stop routing while Grove still answers every request
 * that reaches it. Only then does the web server's graceful shutdown stop accepting connections
 * and wait, at most {@code spring.lifecycle.timeout-per-shutdown-phase}, for requests in flight.
 */
@Component
class DrainOnShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DrainOnShutdown.class);

    private final Duration drainDelay;
    private volatile boolean running;

    DrainOnShutdown(ShutdownProperties properties) {
        this.drainDelay = properties.drainDelay() == null ? Duration.ZERO : properties.drainDelay();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (drainDelay.isPositive()) {
            log.info("Shutting down: readiness is DOWN; serving for {} ms more before refusing connections",
                    drainDelay.toMillis());
            try {
                Thread.sleep(drainDelay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Above the web server's graceful-shutdown phase, so this stops (and waits) before it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
