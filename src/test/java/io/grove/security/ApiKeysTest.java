package io.grove.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {

    @Test
    void readsKeysFromAMountedFileIgnoringCommentsAndBlanks(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("keys"), "# rotated 2026-11\n\n  file-key-0123456789abcdef  \n");

        ApiKeys keys = ApiKeys.from(new AuthProperties(true, List.of("env-key-0123456789abc"), file, false));

        assertThat(keys.accepts("file-key-0123456789abcdef")).isTrue();
        assertThat(keys.accepts("env-key-0123456789abc")).isTrue();
        assertThat(keys.accepts("# rotated 2026-11")).isFalse();
        assertThat(keys.accepts("")).isFalse();
        assertThat(keys.accepts(null)).isFalse();
    }

    @Test
    void protectionWithoutKeysRefusesToStart() {
        assertThatThrownBy(() -> ApiKeys.from(new AuthProperties(true, List.of(" "), null, false)))
                .hasMessageContaining("no key is configured");
        assertThatThrownBy(() -> ApiKeys.from(new AuthProperties(false, List.of(), null, true)))
                .hasMessageContaining("no key is configured");
    }

    @Test
    void offByDefaultNeedsNoKeys() {
        assertThat(ApiKeys.from(new AuthProperties(false, List.of(), null, false)).accepts("anything")).isFalse();
    }

    @Test
    void shortKeysAndUnreadableFilesAreRefusedWithoutEchoingAKey(@TempDir Path dir) {
        assertThatThrownBy(() -> ApiKeys.from(new AuthProperties(true, List.of("short-key"), null, false)))
                .hasMessageContaining("at least 16").hasMessageNotContaining("short-key");
        assertThatThrownBy(() -> ApiKeys.from(new AuthProperties(true, List.of(), dir.resolve("absent"), false)))
                .hasMessageContaining("cannot be read");
    }
}
