package io.grove.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.grove.model.LoadedModel;
import io.grove.model.ModelState;
import io.grove.model.VersionStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * Where one model version stands.
 *
 * @param version   the version
 * @param state     LOADING, READY, UNAVAILABLE or FAILED
 * @param reason    why its last load failed, if it did
 * @param changedAt when the state last changed
 * @param loadedAt  when the serving load finished, for a READY version
 * @param sha256    the SHA-256 of the serving model file, for a READY version
 * @param format    the serving model file's format, for a READY version
 * @param scorer    what scores the serving load's rows, for a READY version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VersionSummary(
        @Schema(example = "1") String version,
        @Schema(example = "READY") ModelState state,
        String reason,
        Instant changedAt,
        Instant loadedAt,
        String sha256,
        @Schema(example = "tribuo") String format,
        @Schema(example = "compiled-forest") String scorer) {

    static VersionSummary of(VersionStatus status) {
        LoadedModel model = status.model();
        return new VersionSummary(status.version(), status.state(), status.reason(), status.changedAt(),
                model == null ? null : model.loadedAt(), model == null ? null : model.sha256(),
                model == null ? null : model.format(), model == null ? null : model.scorer().kind());
    }
}
