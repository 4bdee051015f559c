package io.grove.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.grove.support.TestModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Model files come only from inside the repository, and only in Tribuo's protobuf format. */
class ModelFileConfinementTest {

    static final Path REAL = Path.of("models", "iris", "1");

    @TempDir
    Path root;
    Path repository;
    Path version;
    final ModelLoader loader = TestModels.loader();

    @BeforeEach
    void copyRealModel() throws Exception {
        repository = Files.createDirectories(root.resolve("repo"));
        version = Files.createDirectories(repository.resolve("iris").resolve("1"));
        Files.copy(REAL.resolve("descriptor.json"), version.resolve("descriptor.json"));
        Files.copy(REAL.resolve("model.tribuo"), version.resolve("model.tribuo"));
    }

    @Test
    void theRealModelLoadsFromACopiedRepository() {
        assertThat(loader.load(version).name()).isEqualTo("iris");
    }

    @Test
    void modelFileLinkedFromOutsideIsRefused() throws Exception {
        Path outside = Files.copy(version.resolve("model.tribuo"), root.resolve("elsewhere.tribuo"));
        Files.delete(version.resolve("model.tribuo"));
        Files.createSymbolicLink(version.resolve("model.tribuo"), outside);

        assertThatThrownBy(() -> loader.load(version)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("resolves outside the model repository");
    }

    @Test
    void versionDirectoryLinkedFromOutsideIsRefused() throws Exception {
        Path outside = Files.createDirectories(root.resolve("outside").resolve("iris").resolve("2"));
        Files.copy(version.resolve("model.tribuo"), outside.resolve("model.tribuo"));
        Files.writeString(outside.resolve("descriptor.json"),
                Files.readString(version.resolve("descriptor.json")).replace("\"version\": \"1\"", "\"version\": \"2\""));
        Path linked = Files.createSymbolicLink(repository.resolve("iris").resolve("2"), outside);

        assertThatThrownBy(() -> loader.load(linked)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("resolves outside the model repository");
    }

    @Test
    void linkWithinTheRepositoryIsFine() throws Exception {
        Path shared = Files.move(version.resolve("model.tribuo"), repository.resolve("shared.tribuo"));
        Files.createSymbolicLink(version.resolve("model.tribuo"), shared);

        assertThat(loader.load(version).version()).isEqualTo("1");
    }

    @Test
    void javaSerializedModelIsRefusedUnread() throws Exception {
        try (OutputStream file = Files.newOutputStream(version.resolve("model.tribuo"));
             ObjectOutputStream out = new ObjectOutputStream(file)) {
            out.writeObject(new ArrayList<>(List.of("not", "a", "model")));
        }

        assertThatThrownBy(() -> loader.load(version)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("is Java-serialized, which Grove refuses to read");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc", "..", "iris/../../x", "/etc", ".hidden", "a b"})
    void modelNameMustBeAPlainName(String name) {
        ModelRegistry registry = registry(TestModels.properties(repository, name, ""));

        assertThatThrownBy(registry::afterPropertiesSet).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("must be a plain name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../1", "1/../../..", "/1"})
    void modelVersionMustBeAPlainName(String version) {
        ModelRegistry registry = registry(TestModels.properties(repository, "iris", version));

        assertThatThrownBy(registry::afterPropertiesSet).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("must be a plain name");
    }

    private ModelRegistry registry(ModelProperties properties) {
        return new ModelRegistry(properties, new ModelRepository(properties), loader, new SimpleMeterRegistry());
    }
}
