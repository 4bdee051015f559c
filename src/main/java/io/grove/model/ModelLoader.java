package io.grove.model;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grove.scoring.Features;
import io.grove.scoring.InputSchema;
import io.grove.scoring.Scorer;
import io.grove.scoring.Scorers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tribuo.Model;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one model version from disk, checks it against its descriptor and warms it up.
 *
 * <p>Only Tribuo's protobuf format is read: a Java-serialized file is refused before any of it
 * is deserialized. Every failure is a {@link ModelLoadException} whose message names the file
 * and what is wrong with it. Thread-safe.
 */
@Component
public class ModelLoader {

    static final String MODEL_FILE = "model.tribuo";
    static final String DESCRIPTOR_FILE = "descriptor.json";
    private static final int JAVA_SERIALIZATION_MAGIC = 0xACED;
    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

    private final JsonMapper json;

    public ModelLoader(JsonMapper json) {
        this.json = json;
    }

    /**
     * Loads the model in {@code versionDir}.
     *
     * @param versionDir a directory {@code <repository>/<name>/<version>}
     * @return the loaded, checked and warmed-up model
     * @throws ModelLoadException if any file is missing, unreadable, of the wrong kind, or does
     *                            not agree with the descriptor
     */
    public LoadedModel load(Path versionDir) {
        long start = System.nanoTime();
        Path modelFile = versionDir.resolve(MODEL_FILE);
        requireInsideRepository(versionDir, versionDir.resolve(DESCRIPTOR_FILE));
        requireInsideRepository(versionDir, modelFile);
        ModelDescriptor descriptor = readDescriptor(versionDir.resolve(DESCRIPTOR_FILE));
        checkPlacement(descriptor, versionDir);
        byte[] bytes = readModelBytes(modelFile);
        ModelProto form = parse(modelFile, bytes);
        Model<Label> model = deserialize(modelFile, form);
        checkAgreement(modelFile, model, descriptor);

        InputSchema schema = new InputSchema(descriptor.features());
        Scorer scorer = Scorers.forModel(model, form, descriptor.featureNames(), descriptor.classes());
        warmUp(modelFile, descriptor, schema, scorer);

        Duration loadTime = Duration.ofNanos(System.nanoTime() - start);
        String sha256 = sha256(bytes);
        log.atInfo()
                .addKeyValue("model", descriptor.name())
                .addKeyValue("version", descriptor.version())
                .addKeyValue("file", modelFile.toString())
                .addKeyValue("sha256", sha256)
                .addKeyValue("load_ms", loadTime.toMillis())
                .addKeyValue("scorer", scorer.kind())
                .log("Loaded model {} version {} from {} (sha256 {}) in {} ms", descriptor.name(),
                        descriptor.version(), modelFile, sha256, loadTime.toMillis());
        return new LoadedModel(descriptor, schema, scorer, model, sha256, Instant.now(), loadTime);
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
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("Model descriptor " + file + " does not exist");
        }
        try {
            return json.readValue(file.toFile(), ModelDescriptor.class);
        } catch (JacksonException e) {
            throw new ModelLoadException("Model descriptor " + file + " is not valid: " + e.getOriginalMessage());
        }
    }

    private static void checkPlacement(ModelDescriptor descriptor, Path versionDir) {
        String dirVersion = versionDir.getFileName().toString();
        String dirName = versionDir.getParent().getFileName().toString();
        if (!descriptor.version().equals(dirVersion) || !descriptor.name().equals(dirName)) {
            throw new ModelLoadException("Model descriptor in " + versionDir + " says " + descriptor.name() + " version "
                    + descriptor.version() + "; it must sit in <repository>/" + descriptor.name() + "/"
                    + descriptor.version() + "/");
        }
    }

    private static byte[] readModelBytes(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("Model file " + file + " does not exist");
        } catch (IOException e) {
            throw new ModelLoadException("Model file " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (bytes.length >= 2 && ((bytes[0] & 0xFF) << 8 | (bytes[1] & 0xFF)) == JAVA_SERIALIZATION_MAGIC) {
            throw new ModelLoadException("Model file " + file + " is Java-serialized, which Grove refuses to read; "
                    + "save the model in Tribuo's protobuf format (Model.serializeToFile)");
        }
        return bytes;
    }

    private static ModelProto parse(Path file, byte[] bytes) {
        try {
            return ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw notTribuoProtobuf(file, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Model<Label> deserialize(Path file, ModelProto form) {
        Model<?> model;
        try {
            model = Model.deserialize(form);
        } catch (RuntimeException e) {
            throw notTribuoProtobuf(file, e);
        }
        if (!model.validate(Label.class)) {
            throw new ModelLoadException("Model file " + file + " holds a " + model.getClass().getSimpleName()
                    + " that is not a classifier; Grove serves Tribuo classification models");
        }
        return (Model<Label>) model;
    }

    private static ModelLoadException notTribuoProtobuf(Path file, Exception e) {
        return new ModelLoadException("Model file " + file + " is not a readable Tribuo protobuf model ("
                + e.getClass().getSimpleName() + ")", e);
    }

    private static void checkAgreement(Path file, Model<Label> model, ModelDescriptor descriptor) {
        Set<String> modelFeatures = StreamSupport.stream(model.getFeatureIDMap().spliterator(), false)
                .map(VariableInfo::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> described = new TreeSet<>(descriptor.featureNames());
        if (described.size() != descriptor.features().size() || !modelFeatures.equals(described)) {
            throw new ModelLoadException("Model file " + file + " has features " + modelFeatures
                    + " but its descriptor lists " + descriptor.featureNames() + "; they must name the same features once each");
        }
        Set<String> modelClasses = model.getOutputIDInfo().getDomain().stream()
                .map(Label::getLabel)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> describedClasses = new TreeSet<>(descriptor.classes());
        if (describedClasses.size() != descriptor.classes().size() || !modelClasses.equals(describedClasses)) {
            throw new ModelLoadException("Model file " + file + " predicts classes " + modelClasses
                    + " but its descriptor lists " + descriptor.classes() + "; they must name the same classes once each");
        }
    }

    private static void warmUp(Path file, ModelDescriptor descriptor, InputSchema schema, Scorer scorer) {
        List<Double> example = descriptor.example();
        if (example == null) {
            throw new ModelLoadException("Model descriptor for " + file + " needs an 'example' row to warm the model up");
        }
        double[] row = example.stream().mapToDouble(Double::doubleValue).toArray();
        try {
            schema.require(Features.positional(row), "example");
            scorer.score(row);
        } catch (RuntimeException e) {
            throw new ModelLoadException("Model " + file + " failed its warm-up prediction on the descriptor's example: "
                    + e.getMessage(), e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
