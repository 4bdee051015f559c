package io.grove.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where models come from ({@code grove.model.*}).
 *
 * @param repository   the model repository: {@code <repository>/<name>/<version>/} holds
 *                     {@code model.tribuo} and {@code descriptor.json}
 * @param name         the default model, served by {@code /predict}
 * @param version      the default model's version to serve on {@code /predict}; blank means the
 *                     highest numbered version that is ready
 * @param models       the models to serve; empty means every model found in the repository
 * @param pollInterval how often the repository is scanned for new or changed versions; zero turns
 *                     watching off (versions are then loaded at start-up and through the admin API)
 */
@ConfigurationProperties("grove.model")
public record ModelProperties(Path repository, String name, String version, List<String> models,
                              Duration pollInterval) {

    public ModelProperties {
        models = models == null ? List.of() : List.copyOf(models);
        pollInterval = pollInterval == null ? Duration.ZERO : pollInterval;
    }

    /** The pinned version of the default model, or {@code null} to follow the highest ready version. */
    String pinnedVersion() {
        return version == null || version.isBlank() ? null : version;
    }
}
