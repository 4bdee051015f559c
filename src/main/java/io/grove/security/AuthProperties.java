package io.grove.security;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Optional API-key authentication ({@code grove.auth.*}); off by default.
 *
 * @param enabled        whether prediction and admin routes require a key
 * @param keys           accepted keys, e.g. from {@code GROVE_AUTH_KEYS=key1,key2}; never put keys in the repository
 * @param keyFile        a file of accepted keys, one per line ({@code #} comments and blank lines ignored), such
 *                       as a mounted secret; read once at start-up
 * @param protectMetrics whether {@code /metrics} and {@code /actuator/prometheus} also require a key
 */
@ConfigurationProperties("grove.auth")
public record AuthProperties(boolean enabled, List<String> keys, Path keyFile, boolean protectMetrics) {

    public AuthProperties {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** Whether any route requires a key. */
    boolean anyProtection() {
        return enabled || protectMetrics;
    }
}
