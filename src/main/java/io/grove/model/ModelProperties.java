package io.grove.model;

import java.nio.file.Path;
import java.time.Duration;
import io.grove.format.FormatOptions;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Where models come from ({@code grove.model.*}).
 *
 * @param repository   the model repository: {@code <repository>/<name>/<version>/} holds one model
 *                     file ({@code model.tribuo}, {@code model.onnx}, ...) and an optional {@code descriptor.json}
 * @param name         the default model, served by {@code /predict}
 * @param version      the default model's version to serve on {@code /predict}; blank means the
 *                     highest numbered version that is ready
 * @param models       the models to serve; empty means every model found in the repository
 * @param pollInterval how often the repository is scanned for new or changed versions; zero turns
 *                     watching off (versions are then loaded at start-up and through the admin API)
 * @param maxFileSize  the largest model file Grove reads; a larger one fails its version's load
 * @param allowNative  whether a model may be scored by native code (ONNX Runtime); if not, a model
 *                     only a native runtime can score fails its load and says so
 * @param preferRuntime score with a format's own runtime even where Grove compiles the model (for comparison)
 * @param intraOpThreads threads a native runtime may use within one scoring call
 */
@ConfigurationProperties("grove.model")
public record ModelProperties(Path repository, String name, String version, List<String> models,
                              Duration pollInterval, DataSize maxFileSize, Boolean allowNative,
                              Boolean preferRuntime, Integer intraOpThreads) {

    public ModelProperties {
        models = models == null ? List.of() : List.copyOf(models);
        pollInterval = pollInterval == null ? Duration.ZERO : pollInterval;
        maxFileSize = maxFileSize == null ? DataSize.ofMegabytes(512) : maxFileSize;
        allowNative = allowNative == null || allowNative;
        preferRuntime = preferRuntime != null && preferRuntime;
        intraOpThreads = intraOpThreads == null ? 1 : intraOpThreads;
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("grove.model.intra-op-threads must be at least 1, got " + intraOpThreads);
        }
    }

    /** What formats may do when they build a scorer. */
    FormatOptions formatOptions() {
        return new FormatOptions(allowNative, preferRuntime, intraOpThreads);
    }

    /** The pinned version of the default model, or {@code null} to follow the highest ready version. */
    String pinnedVersion() {
        return version == null || version.isBlank() ? null : version;
    }
}
