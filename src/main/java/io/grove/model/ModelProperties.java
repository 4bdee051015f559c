package io.grove.model;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where models come from ({@code grove.model.*}).
 *
 * @param repository the model repository: {@code <repository>/<name>/<version>/} holds
 *                   {@code model.tribuo} and {@code descriptor.json}
 * @param name       the model served by {@code /predict}
 * @param version    the version to serve; blank means the highest numeric version present
 */
@ConfigurationProperties("grove.model")
public record ModelProperties(Path repository, String name, String version) {
}
