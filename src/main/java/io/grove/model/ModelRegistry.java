package io.grove.model;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Grove's models, split as Triton splits its model repository manager: this class answers the
 * lookups (which version serves a request, what state each version is in) and the operator's
 * actions; {@link RepositorySync} keeps it in line with the repository on disk; each version's
 * {@link VersionLifecycle} loads, checks, warms up, swaps and unloads that version.
 *
 * <p>A request reads a version's {@link VersionStatus} once and finishes on its {@link LoadedModel}
 * whatever happens meanwhile; a new load is read, checked and warmed up on a load thread and only
 * then swapped in, so a version that fails to load never replaces a working one. A load holds its
 * own version's guard, no lock over the registry; lookups take no lock. Thread-safe.
 *
 * <p>Without a version, a request is served by the highest numbered READY version (or, for the
 * default model, the version pinned by {@code grove.model.version}). Start-up fails, with the
 * loader's message, when the default model has nothing to serve.
 */
@Component
public class ModelRegistry implements InitializingBean, DisposableBean {

    private static final int LOAD_THREADS = 2;

    private final ModelProperties properties;
    private final ModelRepository repository;
    private final ModelLoader loader;
    private final MeterRegistry meters;
    private final ConcurrentMap<String, ConcurrentSkipListMap<String, VersionLifecycle>> models = new ConcurrentHashMap<>();
    private final RepositorySync sync;
    /** Loads run here, off the caller's thread; two, so that one slow file does not hold up every other version. */
    private final ExecutorService loads = Executors.newFixedThreadPool(LOAD_THREADS,
            Thread.ofPlatform().name("grove-model-load-", 0).daemon().factory());
    /** During the start-up scan: the default model's load failures, logged only if start-up goes on. */
    private volatile List<Runnable> deferredFailureLogs;

    public ModelRegistry(ModelProperties properties, ModelRepository repository, ModelLoader loader,
                         MeterRegistry meters) {
        this.properties = properties;
        this.repository = repository;
        this.loader = loader;
        this.meters = meters;
        this.sync = new RepositorySync(repository, this);
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
        deferredFailureLogs = new CopyOnWriteArrayList<>();
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
        ConcurrentSkipListMap<String, VersionLifecycle> versions = name == null ? null : models.get(name);
        if (versions == null) {
            throw new ModelNotFoundException(name, null);
        }
        String wanted = version != null ? version : pinned(name);
        if (wanted == null) {
            // Newest first, walked by key rather than through a descending view, which would cost
            // three allocations per request.
            for (var e = versions.lastEntry(); e != null; e = versions.lowerEntry(e.getKey())) {
                LoadedModel model = e.getValue().status().model();
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
        ConcurrentSkipListMap<String, VersionLifecycle> versions = models.get(name);
        if (versions == null) {
            throw new ModelNotFoundException(name, null);
        }
        return versions.values().stream().map(VersionLifecycle::status).toList();
    }

    /**
     * The lifecycle of one version.
     *
     * @throws ModelNotFoundException if the model or version is unknown
     */
    public VersionStatus version(String name, String version) {
        ConcurrentSkipListMap<String, VersionLifecycle> versions = models.get(name);
        if (versions == null) {
            throw new ModelNotFoundException(name, null);
        }
        return status(versions, name, version);
    }

    /**
     * Loads every version of a model found in the repository, new or not, and swaps each in once
     * it is ready. The loads run on the registry's load threads; the caller waits for them.
     *
     * @return the model's versions afterwards; failures show as FAILED (or as a reason on a READY version)
     * @throws ModelNotFoundException if the repository has no such model
     */
    public List<VersionStatus> load(String name) {
        requireServable(name);
        List<String> found = repository.versions(name);
        if (found.isEmpty()) {
            throw new ModelNotFoundException(name, null);
        }
        for (String version : found) {
            loadInto(name, version, repository.fingerprint(name, version));
        }
        return versions(name);
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
        return loadInto(name, version, repository.fingerprint(name, version));
    }

    /**
     * Stops serving one version; requests in flight finish on it. The watcher leaves it unloaded
     * until its files change or it is loaded through {@link #load(String, String)}.
     *
     * @throws ModelNotFoundException if the version is unknown
     */
    public VersionStatus unload(String name, String version) {
        return lifecycle(name, version).unload();
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

    /** Brings the registry in line with the repository ({@link RepositorySync#scan}). */
    void scan(boolean settle) {
        sync.scan(settle);
    }

    /** Loads a version on a load thread, under that version's guard only, and waits for it. */
    VersionStatus loadInto(String name, String version, String fingerprint) {
        VersionLifecycle lifecycle = models.computeIfAbsent(name, n -> new ConcurrentSkipListMap<>(ModelRepository.versionOrder()))
                .computeIfAbsent(version, v -> new VersionLifecycle(name, v, meters));
        Path dir = repository.versionDir(name, version);
        Consumer<Runnable> failureLog = report -> {
            List<Runnable> deferred = deferredFailureLogs;
            if (deferred != null && name.equals(properties.name())) {
                deferred.add(report);
            } else {
                report.run();
            }
        };
        try {
            return CompletableFuture.supplyAsync(
                    () -> lifecycle.load(loader, dir, fingerprint, this::withoutLocalPaths, failureLog), loads).join();
        } catch (CompletionException e) {
            // load catches every RuntimeException; what is left is an Error, which is the caller's as well
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The known versions of a model, in ascending order; none for an unknown model. */
    List<VersionLifecycle> lifecycles(String name) {
        ConcurrentSkipListMap<String, VersionLifecycle> versions = models.get(name);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    /** A known version, or {@code null}. */
    VersionLifecycle lifecycleOrNull(String name, String version) {
        ConcurrentSkipListMap<String, VersionLifecycle> versions = models.get(name);
        return versions == null ? null : versions.get(version);
    }

    @Override
    public void destroy() {
        loads.shutdownNow();
    }

    /** The loader's messages name files for the operator; API clients see them relative to the repository. */
    private String withoutLocalPaths(String message) {
        String absolute = properties.repository().toAbsolutePath().normalize().toString();
        return message.replace(absolute, "<repository>").replace(properties.repository().toString(), "<repository>");
    }

    private ModelLoadException defaultModelFailure() {
        String name = properties.name();
        ConcurrentSkipListMap<String, VersionLifecycle> versions = models.get(name);
        String pinned = pinned(name);
        if (versions != null) {
            VersionLifecycle lifecycle = pinned != null ? versions.get(pinned)
                    : versions.isEmpty() ? null : versions.lastEntry().getValue();
            if (lifecycle != null && lifecycle.failure() != null) {
                return lifecycle.failure();
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

    private VersionLifecycle lifecycle(String name, String version) {
        ConcurrentSkipListMap<String, VersionLifecycle> versions = models.get(name);
        VersionLifecycle lifecycle = versions == null || !ModelRepository.isVersion(version) ? null : versions.get(version);
        if (lifecycle == null) {
            throw new ModelNotFoundException(name, version);
        }
        return lifecycle;
    }

    private static VersionStatus status(ConcurrentSkipListMap<String, VersionLifecycle> versions, String name, String version) {
        VersionLifecycle lifecycle = ModelRepository.isVersion(version) ? versions.get(version) : null;
        if (lifecycle == null) {
            throw new ModelNotFoundException(name, version);
        }
        return lifecycle.status();
    }
}
