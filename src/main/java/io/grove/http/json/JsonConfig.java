package io.grove.http.json;

import io.grove.http.ApiProperties;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * Strict JSON reading. A feature sent as a string or boolean is an error the client should see,
 * not a value silently coerced into a number; a duplicated key is an error, not "last one wins";
 * and the parser's limits come from {@code grove.api.json.*}.
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfig {

    @Bean
    JsonFactoryBuilderCustomizer parserLimits(ApiProperties properties) {
        ApiProperties.Json limits = properties.json();
        return builder -> builder
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxNumberLength(limits.maxNumberLength())
                        .maxStringLength(limits.maxStringLength())
                        .build());
    }

    @Bean
    JsonMapperBuilderCustomizer strictNumbers() {
        return builder -> builder.withCoercionConfig(LogicalType.Float, config -> config
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
    }
}
