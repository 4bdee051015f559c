package io.grove.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Discovery: what the model repository on disk holds. A model is a directory under the repository;
 * a version is a directory under it whose name is a number; anything else (such as training data
 * beside the versions) is ignored. Reads the file system on every call; holds no state. Thread-safe.
 */
@Component
public class ModelRepository {

    private static final Comparator<String> NUMERIC = Comparator.comparingLong(Long::parseLong);
    /** How deep and how many files of a version directory the fingerprint looks at: enough for any model, bounded. */
    private static final int FINGERPRINT_DEPTH = 4;
    private static final int FINGERPRINT_FILES = 10_000;

    private final ModelProperties properties;

    public ModelRepository(ModelProperties properties) {
        this.properties = properties;
    }

    /** Whether {@code version} is a well-formed version name (digits only). */
    static boolean isVersion(String version) {
        return version != null && version.matches("\\d{1,18}");
    }

    /**
     * A model name or version is one plain path segment: no separators, no {@code ..}, nothing
     * hidden, so that no configured or requested name reaches outside the repository.
     *
     * @throws ModelLoadException if it is not
     */
    static String requirePlainName(String value) {
        if (value == null || !value.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}") || value.contains("..")) {
            throw new ModelLoadException("A model name or version must be a plain name (letters, digits, '.', '_', '-';"
                    + " no path separators or '..'), got '" + value + "'");
        }
        return value;
    }

    /** Orders versions numerically, so that 10 comes after 9. */
    static Comparator<String> versionOrder() {
        return NUMERIC;
    }

    /**
     * The models to serve: the configured list, or every directory in the repository.
     *
     * @throws ModelLoadException if the repository cannot be listed
     */
    List<String> modelNames() {
        if (!properties.models().isEmpty()) {
            return properties.models();
        }
        try (Stream<Path> dirs = Files.list(root())) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new ModelLoadException("Model repository " + root().toAbsolutePath()
                    + " cannot be listed; set grove.model.repository (GROVE_MODEL_REPOSITORY) to the model repository");
        }
    }

    /** The numbered version directories of a model, in ascending order; empty if the model has none. */
    List<String> versions(String name) {
        Path modelDir = root().resolve(requirePlainName(name));
        if (!Files.isDirectory(modelDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(modelDir)) {
            return dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(ModelRepository::isVersion)
                    .sorted(NUMERIC)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The directory of one version; it may not exist. */
    Path versionDir(String name, String version) {
        return root().resolve(requirePlainName(name)).resolve(requirePlainName(version));
    }

    /**
     * What the version's files look like now (every file's name, size and modification time), so that
     * a change to any of them, or a copy still in progress, can be told apart from a settled version.
     *
     * @return the fingerprint; an empty or missing directory has one too, so that it settles and its
     *         load reports what is missing
     */
    String fingerprint(String name, String version) {
        Path dir = versionDir(name, version);
        List<String> parts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, FINGERPRINT_DEPTH)) {
            files.filter(p -> !p.equals(dir)).sorted().limit(FINGERPRINT_FILES).forEach(p -> {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(p, BasicFileAttributes.class);
                    parts.add(dir.relativize(p) + ":" + attributes.size() + "@" + attributes.lastModifiedTime().toMillis());
                } catch (IOException e) {
                    parts.add(dir.relativize(p) + ":gone"); // removed while listed; the next scan sees it settled
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return "unreadable"; // loading it will say what is wrong
        }
        return parts.isEmpty() ? "empty" : String.join(",", parts);
    }

    private Path root() {
        return properties.repository();
    }
}
