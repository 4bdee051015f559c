package io.grove.model;

import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFile;
import io.grove.format.ModelFormat;
import io.grove.format.ModelFormatException;
import io.grove.scoring.Features;
import io.grove.scoring.Scorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one model version from disk, whatever its format: finds its model file, confines it to the
 * repository, bounds its size, hands its bytes to the {@link ModelFormat} that owns its name, binds
 * it to the optional descriptor and warms it up.
 *
 * <p>Every failure is a {@link ModelLoadException} whose message names the file and what is wrong
 * with it. Whatever a format throws while reading a file is caught here, so that one bad file fails
 * only its own version. Thread-safe.
 */
@Component
public class ModelLoader {

    static final String DESCRIPTOR_FILE = "descriptor.json";
    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

    private final JsonMapper json;
    private final Map<String, ModelFormat> formatsByFile = new LinkedHashMap<>();
    private final long maxFileBytes;
    private final FormatOptions options;
    private final ReferenceMeters referenceMeters;

    /**
     * @param json       reads descriptors
     * @param formats    every format Grove serves; no two may claim the same file name
     * @param properties the size bound and what formats may do
     */
    public ModelLoader(JsonMapper json, List<ModelFormat> formats, ModelProperties properties) {
        this(json, formats, properties, null);
    }

    /**
     * @param json           reads descriptors
     * @param formats        every format Grove serves; no two may claim the same file name
     * @param properties     the size bound and what formats may do
     * @param referenceMeters where reference-row deviations are published, or {@code null}
     */
    @Autowired
    public ModelLoader(JsonMapper json, List<ModelFormat> formats, ModelProperties properties,
                       ReferenceMeters referenceMeters) {
        this.json = json;
        this.referenceMeters = referenceMeters;
        for (ModelFormat format : formats) {
            for (String file : format.fileNames()) {
                ModelFormat other = formatsByFile.putIfAbsent(file, format);
                if (other != null) {
                    throw new IllegalStateException("formats " + other.name() + " and " + format.name() + " both claim " + file);
                }
            }
        }
        this.maxFileBytes = properties.maxFileSize().toBytes();
        this.options = properties.formatOptions();
    }

    /**
     * Loads the model in {@code versionDir}.
     *
     * @param versionDir a directory {@code <repository>/<name>/<version>}
     * @return the loaded, checked and warmed-up model
     * @throws ModelLoadException if the model file is missing, unreadable, of the wrong kind, or does
     *                            not agree with the descriptor
     */
    public LoadedModel load(Path versionDir) {
        long start = System.nanoTime();
        String name = versionDir.getParent().getFileName().toString();
        String version = versionDir.getFileName().toString();
        Path modelFile = findModelFile(versionDir);
        ModelFormat format = formatsByFile.get(modelFile.getFileName().toString());
        Path descriptorFile = versionDir.resolve(DESCRIPTOR_FILE);
        requireInsideRepository(versionDir, descriptorFile);
        requireInsideRepository(versionDir, modelFile);
        ModelDescriptor descriptor = readDescriptor(descriptorFile);
        checkPlacement(descriptor, name, version, versionDir);
        byte[] bytes = readModelBytes(modelFile);
        FormatModel read = read(format, new ModelFile(modelFile.getFileName().toString(), modelFile, bytes));
        BoundModel bound;
        ReferenceCheck reference;
        try {
            bound = SignatureBinder.bind(name, version, descriptor, read, modelFile.toString());
            warmUp(modelFile, bound);
            reference = checkReference(versionDir, descriptor, bound, modelFile);
        } catch (RuntimeException e) {
            read.scorer().close();
            throw e;
        }
        Duration loadTime = Duration.ofNanos(System.nanoTime() - start);
        String sha256 = sha256(bytes);
        log.atInfo()
                .addKeyValue("model", name)
                .addKeyValue("version", version)
                .addKeyValue("file", modelFile.toString())
                .addKeyValue("format", format.name())
                .addKeyValue("sha256", sha256)
                .addKeyValue("load_ms", loadTime.toMillis())
                .addKeyValue("scorer", bound.scorer().kind())
                .log("Loaded model {} version {} from {} ({}, scored by {}; sha256 {}) in {} ms", name, version, modelFile,
                        format.name(), bound.scorer().kind(), sha256, loadTime.toMillis());
        return new LoadedModel(bound.signature(), bound.schema(), bound.scorer(), format.name(), read.platform(),
                read.provenance(), reference, sha256, Instant.now(), loadTime);
    }

    private Path findModelFile(Path versionDir) {
        List<Path> found = formatsByFile.keySet().stream().map(versionDir::resolve).filter(Files::exists).toList();
        if (found.isEmpty()) {
            throw new ModelLoadException("Model directory " + versionDir + " holds no model file; Grove reads one of "
                    + new TreeSet<>(formatsByFile.keySet()));
        }
        if (found.size() > 1) {
            throw new ModelLoadException("Model directory " + versionDir + " holds several model files "
                    + found.stream().map(p -> p.getFileName().toString()).toList() + "; a version holds exactly one");
        }
        return found.getFirst();
    }

    /**
     * Refuses a file whose real location, after following every symbolic link, is outside the
     * repository {@code versionDir/../..}: a link must not make Grove read an arbitrary file.
     * A file that does not exist is left to the readers, which name it.
     */
    private static void requireInsideRepository(Path versionDir, Path file) {
        Path absolute = versionDir.toAbsolutePath().normalize();
        if (absolute.getParent() == null || absolute.getParent().getParent() == null || !Files.exists(file)) {
            return;
        }
        try {
            Path repository = absolute.getParent().getParent().toRealPath();
            if (!file.toRealPath().startsWith(repository)) {
                throw new ModelLoadException("Model file " + file + " resolves outside the model repository " + repository
                        + "; Grove reads model files only from inside the repository");
            }
        } catch (IOException e) {
            throw new ModelLoadException("Model file " + file + " cannot be resolved: " + e.getClass().getSimpleName(), e);
        }
    }

    private ModelDescriptor readDescriptor(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("Model descriptor " + file + " is not a regular file");
        }
        try {
            return json.readValue(file.toFile(), ModelDescriptor.class);
        } catch (JacksonException e) {
            throw new ModelLoadException("Model descriptor " + file + " is not valid: " + e.getOriginalMessage());
        }
    }

    private static void checkPlacement(ModelDescriptor descriptor, String name, String version, Path versionDir) {
        if (descriptor == null) {
            return;
        }
        boolean nameFits = descriptor.name() == null || descriptor.name().equals(name);
        boolean versionFits = descriptor.version() == null || descriptor.version().equals(version);
        if (!nameFits || !versionFits) {
            String says = descriptor.name() == null ? name : descriptor.name();
            String sayVersion = descriptor.version() == null ? version : descriptor.version();
            throw new ModelLoadException("Model descriptor in " + versionDir + " says " + says + " version " + sayVersion
                    + "; it must sit in <repository>/" + says + "/" + sayVersion + "/");
        }
    }

    private byte[] readModelBytes(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new ModelLoadException("Model file " + file + " is not a regular file");
            }
            long size = Files.size(file);
            if (size > maxFileBytes) {
                throw new ModelLoadException("Model file " + file + " has " + size + " bytes, more than "
                        + "grove.model.max-file-size (" + maxFileBytes + " bytes)");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException("Model file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private FormatModel read(ModelFormat format, ModelFile file) {
        try {
            return format.read(file, options);
        } catch (ModelFormatException e) {
            throw new ModelLoadException("Model file " + file.path() + " " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // a format's defect, not the operator's: still only this version fails
            throw new ModelLoadException("Model file " + file.path() + " could not be read as " + format.name() + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static void warmUp(Path file, BoundModel model) {
        double[] row = model.signature().example().stream().mapToDouble(Double::doubleValue).toArray();
        try {
            double[] arranged = model.schema().require(model.schema().positional() ? Features.positional(row)
                    : new Features(model.signature().featureNames().toArray(String[]::new), row));
            Scorer scorer = model.scorer();
            scorer.score(arranged);
        } catch (RuntimeException e) {
            throw new ModelLoadException("Model " + file + " failed its warm-up prediction on the example row "
                    + model.signature().example() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Scores the descriptor's reference rows, if it names any, and refuses a version that deviates
     * from them by more than their tolerance.
     */
    private ReferenceCheck checkReference(Path versionDir, ModelDescriptor descriptor, BoundModel model, Path modelFile) {
        if (descriptor == null || descriptor.reference() == null) {
            return null;
        }
        ModelDescriptor.Reference wanted = descriptor.reference();
        if (wanted.file() == null || !wanted.file().matches("[A-Za-z0-9][A-Za-z0-9._-]*") || wanted.file().contains("..")
                || wanted.tolerance() == null || !(wanted.tolerance() >= 0)) {
            throw new ModelLoadException("Model descriptor in " + versionDir + " has a 'reference' that needs a 'file' "
                    + "(a plain file name in the version directory) and a 'tolerance' (a number >= 0)");
        }
        Path file = versionDir.resolve(wanted.file());
        requireInsideRepository(versionDir, file);
        ReferenceCheck check = ReferenceRows.check(file, wanted.tolerance(), model);
        if (referenceMeters != null) {
            referenceMeters.record(model.signature().name(), model.signature().version(), check);
        }
        if (!check.passed()) {
            throw new ModelLoadException("Model " + modelFile + " deviates from its reference rows by " + check.maxDeviation()
                    + " at line " + check.worstLine() + " of " + file + ", more than their tolerance " + check.tolerance()
                    + " (" + check.rows() + " rows scored): the served model is not the model that was trained");
        }
        log.atInfo().addKeyValue("model", model.signature().name()).addKeyValue("version", model.signature().version())
                .addKeyValue("reference_rows", check.rows()).addKeyValue("max_deviation", check.maxDeviation())
                .log("Model {} version {} is within {} of its {} reference rows (largest deviation {} at line {})",
                        model.signature().name(), model.signature().version(), check.tolerance(), check.rows(),
                        check.maxDeviation(), check.worstLine());
        return check;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
