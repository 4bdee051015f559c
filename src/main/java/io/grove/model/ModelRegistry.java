package io.grove.model;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * The lifecycle of every model version in the repository: which versions are loading, serving,
 * unloaded or failed, and which one answers a request.
 *
 * <p>Each version's state and loaded model sit together in one immutable {@link VersionStatus}
 * behind a volatile reference. A request reads it once and finishes on that {@link LoadedModel}
 * whatever happens meanwhile; a new load is read, checked and warmed up off the request path
 * and only then swapped in, so a version that fails to load never replaces a working one. Loads,
 * unloads and scans are serialised by one lock; lookups take no lock. Thread-safe.
 *
 * <p>Without a version, a request is served by the highest numbered READY version (or, for the
 * default model, the version pinned by {@code grove.model.version}). Start-up fails, with the
 * loader's message, when the default model has nothing to serve.
 */
@Component
public class ModelRegistry implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final ModelProperties properties;
    private final ModelRepository repository;
    private final ModelLoader loader;
    private final MeterRegistry meters;
    private final ConcurrentMap<String, ConcurrentSkipListMap<String, Slot>> models = new ConcurrentHashMap<>();
    private final ReentrantLock lifecycle = new ReentrantLock();
    /** Fingerprints seen once by the watcher, loaded when the next scan sees them unchanged; guarded by lifecycle. */
    private final Map<String, String> settling = new HashMap<>();
    /** During the start-up scan: the default model's load failures, logged only if start-up goes on. */
    private List<Runnable> deferredFailureLogs;

    public ModelRegistry(ModelProperties properties, ModelRepository repository, ModelLoader loader,
                         MeterRegistry meters) {
        this.properties = properties;
        this.repository = repository;
        this.loader = loader;
        this.meters = meters;
        Gauge.builder("grove.model.loaded", this, r -> r.current().isPresent() ? 1 : 0)
                .description("1 when the default model has a version loaded and warmed up, else 0")
                .tag("model", properties.name())
                .register(meters);
        TimeGauge.builder("grove.model.load.duration", this, TimeUnit.NANOSECONDS,
                        r -> r.current().map(m -> (double) m.loadTime().toNanos()).orElse(Double.NaN))
                .description("How long the default model's served version took to read, check and warm up")
                .tag("model", properties.name())
                .register(meters);
    }

    @Override
    public void afterPropertiesSet() {
        ModelRepository.requirePlainName(properties.name());
        if (properties.pinnedVersion() != null) {
            ModelRepository.requirePlainName(properties.pinnedVersion());
        }
        properties.models().forEach(ModelRepository::requirePlainName);
        deferredFailureLogs = new ArrayList<>();
        try {
            scan(false);
        } finally {
            List<Runnable> deferred = deferredFailureLogs;
            deferredFailureLogs = null;
            if (current().isPresent()) {
                deferred.forEach(Runnable::run);
            }
        }
        if (current().isEmpty()) {
            // said once, by the start-up failure report, not also by the lines deferred above
            throw defaultModelFailure();
        }
    }

    /** The name of the default model, served by {@code /predict}. */
    public String defaultName() {
        return properties.name();
    }

    /** The default model's serving version, if one is ready. */
    public Optional<LoadedModel> current() {
        try {
            return Optional.of(require());
        } catch (ModelNotFoundException | ModelUnavailableException e) {
            return Optional.empty();
        }
    }

    /**
     * The default model's serving version.
     *
     * @throws ModelUnavailableException if none is ready
     */
    public LoadedModel require() {
        try {
            return require(properties.name(), null);
        } catch (ModelNotFoundException e) {
            throw new ModelUnavailableException(properties.name());
        }
    }

    /**
     * The model version that serves a request.
     *
     * @param name    the model's name
     * @param version the version, or {@code null} for the serving version
     * @throws ModelNotFoundException    if the model or version is unknown
     * @throws ModelUnavailableException if it is known but not ready
     */
    public LoadedModel require(String name, String version) {
        ConcurrentSkipListMap<String, Slot> versions = name == null ? null : models.get(name);
        if (versions == null) {
            throw new ModelNotFoundException(name, null);
        }
        String wanted = version != null ? version : pinned(name);
        if (wanted == null) {
            // Newest first, walked by key rather than through a descending view, which would cost
            // three allocations per request.
            for (var e = versions.lastEntry(); e != null; e = versions.lowerEntry(e.getKey())) {
                LoadedModel model = e.getValue().status.model();
                if (model != null) {
                    return model;
                }
            }
            throw new ModelUnavailableException(name);
        }
        VersionStatus status = status(versions, name, wanted);
        if (status.model() == null) {
            throw new ModelUnavailableException(name, wanted, status.state());
        }
        return status.model();
    }

    /** The names of the models known, sorted. */
    public List<String> names() {
        return models.keySet().stream().sorted().toList();
    }

    /**
     * The lifecycle of each version of a model, in ascending version order.
     *
     * @throws ModelNotFoundException if the model is unknown
     */
    public List<VersionStatus> versions(String name) {
        ConcurrentSkipListMap<String, Slot> versions = models.get(name);
        if (versions == null) {
            throw new ModelNotFoundException(name, null);
        }
        return versions.values().stream().map(s -> s.status).toList();
    }

    /**
     * The lifecycle of one version.
     *
     * @throws ModelNotFoundException if the model or version is unknown
     */
    public VersionStatus version(String name, String version) {
        ConcurrentSkipListMap<String, Slot> versions = models.get(name);
        if (versions == null) {
            throw new ModelNotFoundException(name, null);
        }
        return status(versions, name, version);
    }

    /**
     * Loads every version of a model found in the repository, new or not, and swaps each in once
     * it is ready. Runs on the caller's thread; other lifecycle operations wait meanwhile.
     *
     * @return the model's versions afterwards; failures show as FAILED (or as a reason on a READY version)
     * @throws ModelNotFoundException if the repository has no such model
     */
    public List<VersionStatus> load(String name) {
        requireServable(name);
        lifecycle.lock();
        try {
            List<String> found = repository.versions(name);
            if (found.isEmpty()) {
                throw new ModelNotFoundException(name, null);
            }
            for (String version : found) {
                loadInto(name, version, repository.fingerprint(name, version));
            }
            return versions(name);
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Loads one version from the repository, even if it is already loaded, and swaps it in once
     * it is ready. If loading fails, a version that was serving keeps serving its previous load.
     *
     * @return the version's lifecycle afterwards
     * @throws ModelNotFoundException if the repository has no such version
     */
    public VersionStatus load(String name, String version) {
        requireServable(name);
        if (!ModelRepository.isVersion(version) || !repository.versions(name).contains(version)) {
            throw new ModelNotFoundException(name, version);
        }
        lifecycle.lock();
        try {
            return loadInto(name, version, repository.fingerprint(name, version));
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Stops serving one version; requests in flight finish on it. The watcher leaves it unloaded
     * until its files change or it is loaded through {@link #load(String, String)}.
     *
     * @throws ModelNotFoundException if the version is unknown
     */
    public VersionStatus unload(String name, String version) {
        lifecycle.lock();
        try {
            Slot slot = slot(name, version);
            slot.status = new VersionStatus(name, version, ModelState.UNAVAILABLE, null, Instant.now(), null);
            log.info("Unloaded model {} version {}", name, version);
            return slot.status;
        } finally {
            lifecycle.unlock();
        }
    }

    /** Stops serving every version of the default model: readiness goes DOWN and predictions answer 503. */
    public void unload() {
        for (VersionStatus status : versions(properties.name())) {
            unload(status.name(), status.version());
        }
    }

    /**
     * Loads the default model's versions again and swaps each in once it is ready.
     *
     * @return the default model's serving version
     * @throws ModelLoadException if the default model then has nothing to serve
     */
    public LoadedModel reload() {
        load(properties.name());
        return current().orElseThrow(this::defaultModelFailure);
    }

    /**
     * Brings the registry in line with the repository: loads versions that are new or whose files
     * changed, and marks versions whose directory disappeared UNAVAILABLE.
     *
     * @param settle when {@code true} (the watcher), a version is loaded only once two scans in a row
     *               saw the same files, so a copy still in progress is not loaded half-written
     */
    void scan(boolean settle) {
        lifecycle.lock();
        try {
            // known models too: a model whose whole directory was removed must stop serving as well
            Set<String> names = new TreeSet<>(repository.modelNames());
            names.addAll(models.keySet());
            for (String name : names) {
                List<String> found = repository.versions(name);
                for (String version : found) {
                    scanVersion(name, version, settle);
                }
                ConcurrentSkipListMap<String, Slot> known = models.getOrDefault(name, new ConcurrentSkipListMap<>());
                for (Slot slot : known.values()) {
                    VersionStatus status = slot.status;
                    if (!found.contains(status.version()) && status.state() != ModelState.UNAVAILABLE) {
                        slot.fingerprint = null;
                        slot.status = new VersionStatus(name, status.version(), ModelState.UNAVAILABLE,
                                "removed from the repository", Instant.now(), null);
                        log.warn("Model {} version {} was removed from the repository; no longer serving it",
                                name, status.version());
                    }
                }
            }
        } finally {
            lifecycle.unlock();
        }
    }

    private void scanVersion(String name, String version, boolean settle) {
        String fingerprint = repository.fingerprint(name, version);
        if (fingerprint == null) {
            return; // files still being copied in
        }
        Slot slot = models.getOrDefault(name, new ConcurrentSkipListMap<>()).get(version);
        if (slot != null && fingerprint.equals(slot.fingerprint)) {
            return;
        }
        String key = name + "/" + version;
        if (settle && !fingerprint.equals(settling.put(key, fingerprint))) {
            return;
        }
        settling.remove(key);
        loadInto(name, version, fingerprint);
    }

    private VersionStatus loadInto(String name, String version, String fingerprint) {
        Slot slot = models.computeIfAbsent(name, n -> new ConcurrentSkipListMap<>(ModelRepository.versionOrder()))
                .computeIfAbsent(version, v -> new Slot(name, v));
        LoadedModel serving = slot.status.model();
        if (serving == null) {
            slot.status = new VersionStatus(name, version, ModelState.LOADING, null, Instant.now(), null);
        }
        try {
            LoadedModel loaded = loader.load(repository.versionDir(name, version));
            slot.status = new VersionStatus(name, version, ModelState.READY, null, Instant.now(), loaded);
            slot.failure = null;
            log.info("Serving model {} version {}", name, version);
        } catch (RuntimeException e) {
            ModelLoadException failure = e instanceof ModelLoadException mle ? mle
                    : new ModelLoadException("Model " + name + " version " + version + " failed to load: " + e, e);
            slot.failure = failure;
            slot.failures.increment();
            String reason = withoutLocalPaths(failure.getMessage());
            if (serving != null) {
                slot.status = new VersionStatus(name, version, ModelState.READY,
                        "reload failed, still serving the previous load: " + reason, Instant.now(), serving);
                log.error("Reloading model {} version {} failed; it keeps serving its previous load: {}",
                        name, version, failure.getMessage());
            } else {
                slot.status = new VersionStatus(name, version, ModelState.FAILED, reason, Instant.now(), null);
                Runnable report = () -> log.error("Loading model {} version {} failed; it is not served: {}", name,
                        version, failure.getMessage());
                if (deferredFailureLogs != null && name.equals(properties.name())) {
                    deferredFailureLogs.add(report);
                } else {
                    report.run();
                }
            }
        }
        slot.fingerprint = fingerprint; // a failed version is retried only once its files change
        return slot.status;
    }

    /** The loader's messages name files for the operator; API clients see them relative to the repository. */
    private String withoutLocalPaths(String message) {
        String absolute = properties.repository().toAbsolutePath().normalize().toString();
        return message.replace(absolute, "<repository>").replace(properties.repository().toString(), "<repository>");
    }

    private ModelLoadException defaultModelFailure() {
        String name = properties.name();
        ConcurrentSkipListMap<String, Slot> versions = models.get(name);
        String pinned = pinned(name);
        if (versions != null) {
            Slot slot = pinned != null ? versions.get(pinned) : versions.isEmpty() ? null : versions.lastEntry().getValue();
            if (slot != null && slot.failure != null) {
                return slot.failure;
            }
        }
        String modelDir = properties.repository().resolve(name).toString();
        return pinned != null
                ? new ModelLoadException("Model directory " + modelDir + " has no loadable version " + pinned)
                : new ModelLoadException("Model directory " + modelDir + " has no numbered version directory (e.g. "
                        + properties.repository().resolve(name).resolve("1") + ") that loads");
    }

    private void requireServable(String name) {
        if (name == null || !repository.modelNames().contains(name)) {
            throw new ModelNotFoundException(name, null);
        }
    }

    private String pinned(String name) {
        return name.equals(properties.name()) ? properties.pinnedVersion() : null;
    }

    private Slot slot(String name, String version) {
        ConcurrentSkipListMap<String, Slot> versions = models.get(name);
        Slot slot = versions == null || !ModelRepository.isVersion(version) ? null : versions.get(version);
        if (slot == null) {
            throw new ModelNotFoundException(name, version);
        }
        return slot;
    }

    private static VersionStatus status(ConcurrentSkipListMap<String, Slot> versions, String name, String version) {
        Slot slot = ModelRepository.isVersion(version) ? versions.get(version) : null;
        if (slot == null) {
            throw new ModelNotFoundException(name, version);
        }
        return slot.status;
    }

    /** One version's place in the registry; status is swapped whole, the rest is guarded by the lifecycle lock. */
    private final class Slot {

        volatile VersionStatus status;
        String fingerprint;
        ModelLoadException failure;
        final Counter failures;

        Slot(String name, String version) {
            status = new VersionStatus(name, version, ModelState.LOADING, null, Instant.now(), null);
            Gauge.builder("grove.model.ready", this, s -> s.status.model() == null ? 0 : 1)
                    .description("1 while the model version is serving, else 0")
                    .tags("model", name, "version", version)
                    .register(meters);
            failures = Counter.builder("grove.model.load.failures")
                    .description("Loads of the model version that failed")
                    .tags("model", name, "version", version)
                    .register(meters);
        }
    }
}
