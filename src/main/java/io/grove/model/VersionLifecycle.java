package io.grove.model;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of one model version, as Triton keeps one per version: load (read, check, warm
 * up), swap, unload, and its state. The state and the loaded model sit together in one immutable
 * {@link VersionStatus} behind a volatile reference, so a request reads it once and finishes on that
 * model whatever happens meanwhile. A new load replaces the serving one only once it is ready; a
 * failed reload keeps serving the previous load.
 *
 * <p>Loads and unloads of this version take this version's guard, and nothing else: other versions
 * load meanwhile, and lookups take no lock. Thread-safe.
 */
final class VersionLifecycle {

    /** The registry's logger: operators' log queries name it. */
    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final String name;
    private final String version;
    private final ReentrantLock guard = new ReentrantLock();
    private final Counter failures;
    private volatile VersionStatus status;
    /** The files last loaded (or failed to load); a failed version is retried only once they change. */
    private volatile String fingerprint;
    private volatile ModelLoadException failure;

    VersionLifecycle(String name, String version, MeterRegistry meters) {
        this.name = name;
        this.version = version;
        this.status = new VersionStatus(name, version, ModelState.LOADING, null, Instant.now(), null);
        Gauge.builder("grove.model.ready", this, s -> s.status.model() == null ? 0 : 1)
                .description("1 while the model version is serving, else 0")
                .tags("model", name, "version", version)
                .register(meters);
        failures = Counter.builder("grove.model.load.failures")
                .description("Loads of the model version that failed")
                .tags("model", name, "version", version)
                .register(meters);
    }

    VersionStatus status() {
        return status;
    }

    String fingerprint() {
        return fingerprint;
    }

    /** Why the last load failed, or {@code null} if it did not. */
    ModelLoadException failure() {
        return failure;
    }

    /**
     * Reads, checks and warms up the version's files and swaps the result in; on failure a serving
     * version keeps its previous load, and one that was not serving becomes FAILED.
     *
     * @param loader      reads the version directory
     * @param dir         the version directory
     * @param fingerprint the directory's files, as the repository fingerprints them
     * @param clientSafe  turns the loader's message into one an API client may see
     * @param failureLog  reports a failure of a version that was not serving (the registry may defer it)
     * @return the status afterwards
     */
    VersionStatus load(ModelLoader loader, Path dir, String fingerprint, UnaryOperator<String> clientSafe,
                       Consumer<Runnable> failureLog) {
        guard.lock();
        try {
            LoadedModel serving = status.model();
            if (serving == null) {
                status = new VersionStatus(name, version, ModelState.LOADING, null, Instant.now(), null);
            }
            try {
                LoadedModel loaded = loader.load(dir);
                status = new VersionStatus(name, version, ModelState.READY, null, Instant.now(), loaded);
                failure = null;
                log.info("Serving model {} version {}", name, version);
            } catch (RuntimeException e) {
                failed(e, serving, clientSafe, failureLog);
            }
            this.fingerprint = fingerprint;
            return status;
        } finally {
            guard.unlock();
        }
    }

    private void failed(RuntimeException e, LoadedModel serving, UnaryOperator<String> clientSafe,
                        Consumer<Runnable> failureLog) {
        ModelLoadException cause = e instanceof ModelLoadException mle ? mle
                : new ModelLoadException("Model " + name + " version " + version + " failed to load: " + e, e);
        failure = cause;
        failures.increment();
        String reason = clientSafe.apply(cause.getMessage());
        if (serving != null) {
            status = new VersionStatus(name, version, ModelState.READY,
                    "reload failed, still serving the previous load: " + reason, Instant.now(), serving);
            log.error("Reloading model {} version {} failed; it keeps serving its previous load: {}",
                    name, version, cause.getMessage());
        } else {
            status = new VersionStatus(name, version, ModelState.FAILED, reason, Instant.now(), null);
            failureLog.accept(() -> log.error("Loading model {} version {} failed; it is not served: {}", name,
                    version, cause.getMessage()));
        }
    }

    /** Stops serving; requests in flight finish on the model they hold. */
    VersionStatus unload() {
        guard.lock();
        try {
            status = new VersionStatus(name, version, ModelState.UNAVAILABLE, null, Instant.now(), null);
            log.info("Unloaded model {} version {}", name, version);
            return status;
        } finally {
            guard.unlock();
        }
    }

    /** Stops serving a version whose directory is gone; a later copy of it loads as new. */
    void removed() {
        guard.lock();
        try {
            if (status.state() == ModelState.UNAVAILABLE) {
                return;
            }
            fingerprint = null;
            status = new VersionStatus(name, version, ModelState.UNAVAILABLE, "removed from the repository",
                    Instant.now(), null);
            log.warn("Model {} version {} was removed from the repository; no longer serving it", name, version);
        } finally {
            guard.unlock();
        }
    }
}
