package io.grove.scoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One input feature and the constraints a value must meet. Unset constraints are {@code null}.
 *
 * @param name             the feature name, as clients name it
 * @param minimum          the smallest allowed value
 * @param exclusiveMinimum values must be greater than this
 * @param maximum          the largest allowed value
 * @param exclusiveMaximum values must be less than this
 * @param missing          whether a value may be missing ({@code null} in a request): {@code false}
 *                         forbids it; unset follows the model, which allows it only if it defines what
 *                         a missing value means (XGBoost, LightGBM, ONNX trees)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSpec(
        String name,
        Double minimum,
        @JsonProperty("exclusive_minimum") Double exclusiveMinimum,
        Double maximum,
        @JsonProperty("exclusive_maximum") Double exclusiveMaximum,
        Boolean missing) {

    public FeatureSpec {
        Objects.requireNonNull(name, "every feature needs a 'name'");
    }

    /** A feature with no constraint beyond being a finite number. */
    public static FeatureSpec unconstrained(String name) {
        return new FeatureSpec(name, null, null, null, null, null);
    }

    /** The same constraints under another name. */
    public FeatureSpec named(String newName) {
        return new FeatureSpec(newName, minimum, exclusiveMinimum, maximum, exclusiveMaximum, missing);
    }
}
