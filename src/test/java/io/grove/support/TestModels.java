package io.grove.support;

import io.grove.format.ModelFormat;
import io.grove.format.lightgbm.LightGBMFormat;
import io.grove.format.onnx.OnnxFormat;
import io.grove.format.tribuo.TribuoFormat;
import io.grove.format.xgboost.XGBoostFormat;
import io.grove.model.ModelLoader;
import io.grove.model.ModelProperties;
import io.grove.model.ModelRegistry;
import io.grove.model.ModelRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** The real model loader and settings, built without Spring, for tests of the core below HTTP. */
public final class TestModels {

    private TestModels() {
    }

    /** Every format Grove serves. */
    public static List<ModelFormat> formats() {
        return List.of(new TribuoFormat(), new XGBoostFormat(), new LightGBMFormat(), new OnnxFormat());
    }

    /** Grove's default model settings over a repository, with watching off. */
    public static ModelProperties properties(Path repository, String name, String version) {
        return new ModelProperties(repository, name, version, List.of(), Duration.ZERO, null, null, null, null);
    }

    /**
     * A started registry over {@code repository} serving {@code name} by default, with the real
     * loader; close it with {@link ModelRegistry#destroy()}.
     */
    public static ModelRegistry registry(Path repository, String name) {
        ModelProperties properties = properties(repository, name, "");
        ModelRegistry registry = new ModelRegistry(properties, new ModelRepository(properties), loader(),
                new SimpleMeterRegistry());
        registry.afterPropertiesSet();
        return registry;
    }

    /** The loader with every format and the default settings. */
    public static ModelLoader loader() {
        return new ModelLoader(JsonMapper.builder().build(), formats(), properties(Path.of("models"), "iris", ""));
    }
}
