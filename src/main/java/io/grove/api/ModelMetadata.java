package io.grove.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.grove.model.LoadedModel;
import io.grove.model.ModelState;
import io.grove.model.TrainingProvenance;
import io.grove.model.VersionStatus;
import io.grove.scoring.FeatureSpec;
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
 * @param features    the features in client order, with their constraints
 * @param classes     the classes in the order probabilities are reported
 * @param scorer      what scores rows
 * @param loadedAt    when the version finished loading
 * @param loadTimeMs  how long reading, checking and warming up took
 * @param sha256      the SHA-256 of the model file
 * @param provenance  how the model was trained, without local file paths
 * @param versions    every version of the model; {@code null} when one version was asked for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelMetadata(
        @Schema(example = "iris") String name,
        @Schema(example = "1") String version,
        ModelState state,
        String reason,
        String description,
        List<FeatureSpec> features,
        List<String> classes,
        @Schema(example = "tribuo") String scorer,
        Instant loadedAt,
        Long loadTimeMs,
        String sha256,
        TrainingProvenance provenance,
        List<VersionSummary> versions) {

    static ModelMetadata of(String name, VersionStatus status, List<VersionSummary> versions) {
        LoadedModel model = status == null ? null : status.model();
        if (model == null) {
            return new ModelMetadata(name, status == null ? null : status.version(), status == null ? null : status.state(),
                    status == null ? null : status.reason(), null, null, null, null, null, null, null, null, versions);
        }
        return new ModelMetadata(name, model.version(), status.state(), status.reason(), model.descriptor().description(),
                model.descriptor().features(), model.descriptor().classes(), model.scorer().kind(), model.loadedAt(),
                model.loadTime().toMillis(), model.sha256(), TrainingProvenance.of(model.tribuo()), versions);
    }
}
