package io.grove.model;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Holds the model that {@code /predict} serves, loaded once at start-up.
 *
 * <p>The served model sits behind one atomic reference: a request reads it once and finishes on
 * that instance whatever happens to the reference meanwhile. Start-up fails, with the loader's
 * message, when the configured model cannot be loaded. Thread-safe.
 */
@Component
public class ModelRegistry implements InitializingBean {

    private final ModelProperties properties;
    private final ModelLoader loader;
    private final AtomicReference<LoadedModel> served = new AtomicReference<>();

    public ModelRegistry(ModelProperties properties, ModelLoader loader, MeterRegistry meters) {
        this.properties = properties;
        this.loader = loader;
        Gauge.builder("grove.model.loaded", served, ref -> ref.get() == null ? 0 : 1)
                .description("1 when the model is loaded and warmed up, else 0")
                .tag("model", properties.name())
                .register(meters);
        TimeGauge.builder("grove.model.load.duration", served, TimeUnit.NANOSECONDS,
                        ref -> ref.get() == null ? Double.NaN : ref.get().loadTime().toNanos())
                .description("How long the served model took to read, check and warm up")
                .tag("model", properties.name())
                .register(meters);
    }

    @Override
    public void afterPropertiesSet() {
        served.set(loader.load(versionDir()));
    }

    /** The served model, if one is loaded. */
    public Optional<LoadedModel> current() {
        return Optional.ofNullable(served.get());
    }

    /**
     * The served model.
     *
     * @throws ModelUnavailableException if none is loaded
     */
    public LoadedModel require() {
        LoadedModel model = served.get();
        if (model == null) {
            throw new ModelUnavailableException(properties.name());
        }
        return model;
    }

    /** Stops serving the model: readiness goes DOWN and predictions answer 503 until a reload. */
    public void unload() {
        served.set(null);
    }

    /** Loads the configured model again and swaps it in once it is ready. */
    public LoadedModel reload() {
        LoadedModel model = loader.load(versionDir());
        served.set(model);
        return model;
    }

    private Path versionDir() {
        requirePlainName("grove.model.name", properties.name());
        Path modelDir = properties.repository().resolve(properties.name());
        if (properties.version() != null && !properties.version().isBlank()) {
            requirePlainName("grove.model.version", properties.version());
            return modelDir.resolve(properties.version());
        }
        try (Stream<Path> versions = Files.list(modelDir)) {
            return versions.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString())))
                    .orElseThrow(() -> new ModelLoadException("Model directory " + modelDir
                            + " has no numbered version directory (e.g. " + modelDir.resolve("1") + ")"));
        } catch (IOException e) {
            throw new ModelLoadException("Model directory " + modelDir.toAbsolutePath()
                    + " cannot be listed; set grove.model.repository (GROVE_MODEL_REPOSITORY) to the model repository");
        }
    }

    /** A model name or version is one plain path segment: no separators, no {@code ..}, nothing hidden. */
    private static void requirePlainName(String property, String value) {
        if (value == null || !value.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}") || value.contains("..")) {
            throw new ModelLoadException(property + " must be a plain name (letters, digits, '.', '_', '-'; no path "
                    + "separators or '..'), got '" + value + "'");
        }
    }
}
