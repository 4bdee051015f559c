package io.grove.scoring;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One input feature and the constraints a value must meet. Unset bounds are {@code null}.
 *
 * @param name             the feature name, as the model's feature map knows it
 * @param minimum          the smallest allowed value
 * @param exclusiveMinimum values must be greater than this
 * @param maximum          the largest allowed value
 * @param exclusiveMaximum values must be less than this
 */
public record FeatureSpec(
        String name,
        Double minimum,
        @JsonProperty("exclusive_minimum") Double exclusiveMinimum,
        Double maximum,
        @JsonProperty("exclusive_maximum") Double exclusiveMaximum) {

    public FeatureSpec {
        Objects.requireNonNull(name, "every feature needs a 'name'");
    }
}
