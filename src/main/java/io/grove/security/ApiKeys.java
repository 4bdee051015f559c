package io.grove.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The accepted API keys, held only as SHA-256 digests.
 *
 * <p>A presented key is hashed and compared with every accepted digest using
 * {@link MessageDigest#isEqual}, which takes the same time whatever bytes differ; hashing first
 * also hides the keys' lengths. Immutable and thread-safe.
 */
final class ApiKeys {

    /** Keys shorter than this are refused at start-up: they could be guessed. */
    static final int MIN_KEY_LENGTH = 16;

    private final List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = digests;
    }

    /**
     * Reads the keys from the properties and the key file.
     *
     * @throws IllegalStateException if protection is on but no key is configured, the key file
     *                               cannot be read, or a key is too short; the message never holds a key
     */
    static ApiKeys from(AuthProperties properties) {
        List<String> keys = new ArrayList<>();
        properties.keys().stream().map(String::strip).filter(k -> !k.isEmpty()).forEach(keys::add);
        Path file = properties.keyFile();
        if (file != null && !file.toString().isBlank()) {
            try {
                Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .map(String::strip)
                        .filter(k -> !k.isEmpty() && !k.startsWith("#"))
                        .forEach(keys::add);
            } catch (IOException e) {
                throw new IllegalStateException("API key file " + file + " (grove.auth.key-file) cannot be read: "
                        + e.getClass().getSimpleName());
            }
        }
        if (properties.anyProtection() && keys.isEmpty()) {
            throw new IllegalStateException("API-key authentication is on but no key is configured; set GROVE_AUTH_KEYS "
                    + "or GROVE_AUTH_KEYFILE (grove.auth.keys / grove.auth.key-file)");
        }
        if (keys.stream().anyMatch(k -> k.length() < MIN_KEY_LENGTH)) {
            throw new IllegalStateException("Every API key must have at least " + MIN_KEY_LENGTH + " characters");
        }
        return new ApiKeys(keys.stream().map(ApiKeys::sha256).toList());
    }

    /** Whether {@code presented} is one of the accepted keys; false for null. Constant time per key. */
    boolean accepts(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] digest = sha256(presented);
        boolean match = false;
        for (byte[] accepted : digests) {
            // No early exit: the time taken does not tell which key, if any, matched.
            match |= MessageDigest.isEqual(accepted, digest);
        }
        return match;
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
