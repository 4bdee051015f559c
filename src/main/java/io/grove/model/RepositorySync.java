package io.grove.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the registry in line with the repository, as Triton's repository manager does: discovers
 * models and versions, lets a version's files settle before loading them, and diffs what is on disk
 * against what is known (new or changed files load, a removed directory stops serving). Scans run
 * one at a time; the loads they start take only their own version's guard. Thread-safe.
 */
final class RepositorySync {

    private final ModelRepository repository;
    private final ModelRegistry registry;
    private final ReentrantLock scanning = new ReentrantLock();
    /** Fingerprints seen once by the watcher, loaded when the next scan sees them unchanged; guarded by scanning. */
    private final Map<String, String> settling = new HashMap<>();

    RepositorySync(ModelRepository repository, ModelRegistry registry) {
        this.repository = repository;
        this.registry = registry;
    }

    /**
     * Loads versions that are new or whose files changed, and stops serving versions whose directory disappeared.
     *
     * @param settle when {@code true} (the watcher), a version is loaded only once two scans in a row
     *               saw the same files, so a copy still in progress is not loaded half-written
     */
    void scan(boolean settle) {
        scanning.lock();
        try {
            // known models too: a model whose whole directory was removed must stop serving as well
            Set<String> names = new TreeSet<>(repository.modelNames());
            names.addAll(registry.names());
            for (String name : names) {
                List<String> found = repository.versions(name);
                for (String version : found) {
                    scanVersion(name, version, settle);
                }
                for (VersionLifecycle known : registry.lifecycles(name)) {
                    if (!found.contains(known.status().version())) {
                        known.removed();
                    }
                }
            }
        } finally {
            scanning.unlock();
        }
    }

    private void scanVersion(String name, String version, boolean settle) {
        String fingerprint = repository.fingerprint(name, version);
        if (fingerprint == null) {
            return; // files still being copied in
        }
        VersionLifecycle known = registry.lifecycleOrNull(name, version);
        if (known != null && fingerprint.equals(known.fingerprint())) {
            return;
        }
        String key = name + "/" + version;
        if (settle && !fingerprint.equals(settling.put(key, fingerprint))) {
            return;
        }
        settling.remove(key);
        registry.loadInto(name, version, fingerprint);
    }
}
