package io.grove.model;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Polls the model repository every {@code grove.model.poll-interval} and lets the registry load
 * versions that appeared or changed, on its own thread, off the request path. Polling rather than
 * file-system events: it sees nested directories, network mounts and atomic renames alike, and a
 * version is loaded only after two polls saw the same files, so half-copied files are never read.
 */
@Component
class RepositoryWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RepositoryWatcher.class);

    private final ModelRegistry registry;
    private final ModelProperties properties;
    private volatile ScheduledExecutorService executor;

    RepositoryWatcher(ModelRegistry registry, ModelProperties properties) {
        this.registry = registry;
        this.properties = properties;
    }

    @Override
    public void start() {
        long interval = properties.pollInterval().toMillis();
        if (interval <= 0) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("grove-model-watcher").daemon().factory());
        executor.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
        log.info("Watching model repository {} every {} ms", properties.repository(), interval);
    }

    private void poll() {
        try {
            registry.scan(true);
        } catch (RuntimeException e) {
            // a thrown exception would cancel every later poll
            log.warn("Scanning the model repository failed: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
