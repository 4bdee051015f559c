package io.grove.rest;

import io.grove.http.problem.ProblemType;
import io.grove.http.problem.Problems;
import io.grove.model.ModelRegistry;
import io.grove.model.VersionStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator actions on the model repository. A load runs on the registry's load threads while this
 * request waits for it: the new version is read, checked and warmed up, then swapped in; a failed load answers 422
 * and leaves what was serving in place. Covered by the API key when one is set (all of {@code /admin/**}).
 */
@RestController
@Tag(name = "Admin")
class AdminController {

    private final ModelRegistry registry;

    AdminController(ModelRegistry registry) {
        this.registry = registry;
    }

    @Operation(summary = "Load every version of a model from the repository",
            description = "Loads each version found on disk again; 422 if any of them failed.")
    @PostMapping(path = "/admin/models/{name}/load")
    ResponseEntity<Object> load(@PathVariable String name) {
        List<VersionStatus> versions = registry.load(name);
        List<VersionSummary> summaries = versions.stream().map(VersionSummary::of).toList();
        return versions.stream().anyMatch(AdminController::failed)
                ? failure(versions.stream().filter(AdminController::failed).toList(), summaries)
                : ResponseEntity.ok(summaries);
    }

    @Operation(summary = "Load one model version from the repository",
            description = "Loads the version again even if it is serving; 422 if the load failed.")
    @PostMapping(path = "/admin/models/{name}/versions/{version}/load")
    ResponseEntity<Object> load(@PathVariable String name, @PathVariable String version) {
        VersionStatus status = registry.load(name, version);
        return failed(status) ? failure(List.of(status), List.of(VersionSummary.of(status)))
                : ResponseEntity.ok(VersionSummary.of(status));
    }

    @Operation(summary = "Stop serving one model version", description = "Requests in flight finish on it.")
    @PostMapping(path = "/admin/models/{name}/versions/{version}/unload")
    VersionSummary unload(@PathVariable String name, @PathVariable String version) {
        return VersionSummary.of(registry.unload(name, version));
    }

    private static boolean failed(VersionStatus status) {
        return status.reason() != null;
    }

    private static ResponseEntity<Object> failure(List<VersionStatus> failed, List<VersionSummary> versions) {
        VersionStatus first = failed.getFirst();
        ProblemDetail problem = Problems.of(ProblemType.MODEL_LOAD_FAILED,
                "model '" + first.name() + "' version '" + first.version() + "' failed to load: " + first.reason());
        problem.setProperty("versions", versions);
        return ResponseEntity.unprocessableContent().body(problem);
    }
}
