package io.grove.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grove.support.TestModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry, its repository synchronisation and each version's lifecycle, without HTTP: real
 * version directories in a temp dir, the real loader.
 */
class ModelRegistryTest {

    private static final Path IRIS = Path.of("models/iris/1");

    @TempDir
    Path repository;

    private final List<ModelRegistry> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ModelRegistry::destroy);
    }

    @Test
    void theHighestReadyVersionServesAndANewVersionServesOnceLoaded() throws IOException {
        addIris("1");
        ModelRegistry registry = start();
        assertThat(registry.require().version()).isEqualTo("1");

        addIris("2");
        registry.scan(false);

        assertThat(registry.require().version()).isEqualTo("2");
        assertThat(registry.require("iris", "1").version()).isEqualTo("1");
        assertThat(registry.versions("iris")).extracting(VersionStatus::state).containsExactly(ModelState.READY, ModelState.READY);
    }

    @Test
    void aFailedReloadKeepsServingThePreviousLoad() throws IOException {
        addIris("1");
        ModelRegistry registry = start();
        LoadedModel before = registry.require();

        breakModel("1");
        VersionStatus status = registry.load("iris", "1");

        assertThat(status.state()).isEqualTo(ModelState.READY);
        assertThat(status.reason()).startsWith("reload failed, still serving the previous load: ");
        assertThat(status.reason()).doesNotContain(repository.toString());
        assertThat(registry.require()).isSameAs(before);
    }

    @Test
    void aNewVersionThatFailsNeverReplacesAWorkingOne() throws IOException {
        addIris("1");
        ModelRegistry registry = start();
        addIris("2");
        breakModel("2");

        registry.scan(false);

        assertThat(registry.version("iris", "2").state()).isEqualTo(ModelState.FAILED);
        assertThat(registry.require().version()).isEqualTo("1");
    }

    @Test
    void theWatcherLoadsAVersionOnlyOnceTwoScansSawTheSameFiles() throws IOException {
        addIris("1");
        ModelRegistry registry = start();
        addIris("2");

        registry.scan(true);
        assertThatThrownBy(() -> registry.version("iris", "2")).isInstanceOf(ModelNotFoundException.class);
        assertThat(registry.require().version()).isEqualTo("1");

        registry.scan(true);
        assertThat(registry.require().version()).isEqualTo("2");
    }

    @Test
    void aVersionRemovedFromTheRepositoryStopsServing() throws IOException {
        addIris("1");
        addIris("2");
        ModelRegistry registry = start();
        assertThat(registry.require().version()).isEqualTo("2");

        delete(repository.resolve("iris/2"));
        registry.scan(false);

        assertThat(registry.version("iris", "2").state()).isEqualTo(ModelState.UNAVAILABLE);
        assertThat(registry.version("iris", "2").reason()).isEqualTo("removed from the repository");
        assertThat(registry.require().version()).isEqualTo("1");
    }

    @Test
    void anUnloadedVersionServesAgainOnceLoaded() throws IOException {
        addIris("1");
        ModelRegistry registry = start();

        registry.unload("iris", "1");
        assertThatThrownBy(registry::require).isInstanceOf(ModelUnavailableException.class);
        assertThat(registry.current()).isEmpty();

        assertThat(registry.load("iris", "1").state()).isEqualTo(ModelState.READY);
        assertThat(registry.require().version()).isEqualTo("1");
    }

    @Test
    void startUpFailsWithTheLoadersMessageWhenTheDefaultModelHasNothingToServe() throws IOException {
        addIris("1");
        breakModel("1");
        String loaders = catchMessage(() -> TestModels.loader().load(repository.resolve("iris/1")));

        ModelRegistry registry = registry();
        assertThatThrownBy(registry::afterPropertiesSet).isInstanceOf(ModelLoadException.class).hasMessage(loaders);
    }

    private ModelRegistry start() {
        ModelRegistry registry = registry();
        registry.afterPropertiesSet();
        return registry;
    }

    private ModelRegistry registry() {
        ModelProperties properties = TestModels.properties(repository, "iris", "");
        ModelRegistry registry = new ModelRegistry(properties, new ModelRepository(properties), TestModels.loader(),
                new SimpleMeterRegistry());
        started.add(registry);
        return registry;
    }

    private void addIris(String version) throws IOException {
        Path dir = Files.createDirectories(repository.resolve("iris").resolve(version));
        Files.copy(IRIS.resolve("model.tribuo"), dir.resolve("model.tribuo"));
        String descriptor = Files.readString(IRIS.resolve("descriptor.json"))
                .replace("\"version\": \"1\"", "\"version\": \"" + version + "\"");
        Files.writeString(dir.resolve("descriptor.json"), descriptor);
    }

    private void breakModel(String version) throws IOException {
        Files.write(repository.resolve("iris").resolve(version).resolve("model.tribuo"),
                "not a model".getBytes(StandardCharsets.UTF_8));
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String catchMessage(Runnable load) {
        try {
            load.run();
        } catch (ModelLoadException e) {
            return e.getMessage();
        }
        throw new AssertionError("the broken model loaded");
    }
}
