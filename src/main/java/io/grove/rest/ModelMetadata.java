package io.grove.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.grove.model.LoadedModel;
import io.grove.model.ModelState;
import io.grove.model.ReferenceCheck;
import io.grove.model.VersionStatus;
import io.grove.scoring.FeatureSpec;
import io.grove.scoring.OutputKind;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /models/{name}} tells about a model: the contract and origin of the version that
 * serves it, and where every version stands. Fields of the serving version are absent when none
 * is ready.
 *
 * @param name        the model's name
 * @param version     the version described
 * @param state       that version's state
 * @param reason      why its last load failed, if it did
 * @param description the descriptor's summary
 * @param format      the model file's format: {@code tribuo}, {@code onnx}, {@code xgboost}, {@code lightgbm}
 * @param output      {@code CLASSIFICATION} or {@code REGRESSION}
 * @param features    the features in client order, with their constraints
 * @param positional  whether a row may be sent by position; if not, features must be named
 * @param classes     a classifier's classes in the order probabilities are reported; absent for a regressor
 * @param scorer      what scores rows: {@code compiled-forest}, or the runtime it falls back to
 * @param loadedAt    when the version finished loading
 * @param loadTimeMs  how long reading, checking and warming up took
 * @param reference   what scoring the version's reference rows found: rows, tolerance, largest deviation
 * @param sha256      the SHA-256 of the model file
 * @param provenance  how the model was made, as its file tells it, without local file paths
 * @param versions    every version of the model; {@code null} when one version was asked for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelMetadata(
        @Schema(example = "iris") String name,
        @Schema(example = "1") String version,
        ModelState state,
        String reason,
        String description,
        @Schema(example = "tribuo") String format,
        OutputKind output,
        List<FeatureSpec> features,
        Boolean positional,
        List<String> classes,
        @Schema(example = "compiled-forest") String scorer,
        Instant loadedAt,
        Long loadTimeMs,
        ReferenceCheck reference,
        String sha256,
        Object provenance,
        List<VersionSummary> versions) {

    static ModelMetadata of(String name, VersionStatus status, List<VersionSummary> versions) {
        LoadedModel model = status == null ? null : status.model();
        if (model == null) {
            return new ModelMetadata(name, status == null ? null : status.version(), status == null ? null : status.state(),
                    status == null ? null : status.reason(), null, null, null, null, null, null, null, null, null, null,
                    null, null, versions);
        }
        var signature = model.signature();
        return new ModelMetadata(name, model.version(), status.state(), status.reason(), signature.description(),
                model.format(), signature.output(), signature.features(), model.schema().positional(),
                signature.classes().isEmpty() ? null : signature.classes(), model.scorer().kind(), model.loadedAt(),
                model.loadTime().toMillis(), model.reference(), model.sha256(), model.provenance(), versions);
    }
}
