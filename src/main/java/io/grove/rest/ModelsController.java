package io.grove.rest;

import io.grove.http.log.RequestLogFilter;
import io.grove.model.LoadedModel;
import io.grove.model.ModelNotFoundException;
import io.grove.model.ModelRegistry;
import io.grove.model.ModelUnavailableException;
import io.grove.model.VersionStatus;
import io.grove.prediction.PredictionResult;
import io.grove.prediction.PredictionService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The model repository over HTTP: listing, metadata, and predictions with any model and version. */
@RestController
@Tag(name = "Models")
class ModelsController {

    private final ModelRegistry registry;
    private final PredictionService predictions;

    ModelsController(ModelRegistry registry, PredictionService predictions) {
        this.registry = registry;
        this.predictions = predictions;
    }

    /**
     * Every model and the state of each of its versions.
     *
     * @param defaultModel the model {@code /predict} serves
     * @param models       the models, by name
     */
    record ModelList(String defaultModel, List<ModelEntry> models) {
    }

    /**
     * One model in the listing.
     *
     * @param name     the model's name
     * @param version  the version that serves requests without a version, if one is ready
     * @param versions every version and its state
     */
    record ModelEntry(String name, String version, List<VersionSummary> versions) {
    }

    @Operation(summary = "List models", description = "Every model in the repository, the version that serves it, "
            + "and the state of each version (LOADING, READY, UNAVAILABLE, FAILED).")
    @GetMapping(path = "/models", produces = MediaType.APPLICATION_JSON_VALUE)
    ModelList list() {
        List<ModelEntry> models = registry.names().stream()
                .map(name -> new ModelEntry(name, serving(name), summaries(name)))
                .toList();
        return new ModelList(registry.defaultName(), models);
    }

    @Operation(summary = "Describe a model", description = "The serving version's features and constraints, "
            + "classes, load time, SHA-256 and training provenance, and the state of every version.")
    @GetMapping(path = "/models/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    ModelMetadata describe(@PathVariable String name) {
        List<VersionSummary> versions = summaries(name);
        String serving = serving(name);
        VersionStatus status = serving != null ? registry.version(name, serving)
                : registry.versions(name).stream().reduce((first, last) -> last).orElse(null);
        return ModelMetadata.of(name, status, versions);
    }

    @Operation(summary = "Describe a model version")
    @GetMapping(path = "/models/{name}/versions/{version}", produces = MediaType.APPLICATION_JSON_VALUE)
    ModelMetadata describe(@PathVariable String name, @PathVariable String version) {
        return ModelMetadata.of(name, registry.version(name, version), null);
    }

    @Operation(summary = "Predict one row with a model", description = "As /predict, with the model's serving version.")
    @PostMapping(path = "/models/{name}/predict", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    PredictionResponse predict(@PathVariable String name, @Valid @RequestBody PredictRequest request,
                               HttpServletRequest http) {
        return predict(name, null, request, http);
    }

    @Operation(summary = "Predict many rows with a model", description = "As /predict-batch, with the model's serving version.")
    @PostMapping(path = "/models/{name}/predict-batch", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    BatchPredictionResponse predictBatch(@PathVariable String name, @Valid @RequestBody BatchPredictRequest request,
                                         HttpServletRequest http) {
        return predictBatch(name, null, request, http);
    }

    @Operation(summary = "Predict one row with a model version")
    @PostMapping(path = "/models/{name}/versions/{version}/predict", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    PredictionResponse predict(@PathVariable String name, @PathVariable String version,
                               @Valid @RequestBody PredictRequest request, HttpServletRequest http) {
        PredictionResult result = predictions.predict(name, version, request.features());
        RequestLogFilter.recordModel(http, result);
        return PredictionResponse.of(result);
    }

    @Operation(summary = "Predict many rows with a model version")
    @PostMapping(path = "/models/{name}/versions/{version}/predict-batch", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    BatchPredictionResponse predictBatch(@PathVariable String name, @PathVariable String version,
                                         @Valid @RequestBody BatchPredictRequest request, HttpServletRequest http) {
        PredictionResult result = predictions.predictBatch(name, version, request.rows());
        RequestLogFilter.recordModel(http, result);
        return BatchPredictionResponse.of(result);
    }

    private List<VersionSummary> summaries(String name) {
        return registry.versions(name).stream().map(VersionSummary::of).toList();
    }

    private String serving(String name) {
        try {
            LoadedModel model = registry.require(name, null);
            return model.version();
        } catch (ModelUnavailableException | ModelNotFoundException e) {
            return null;
        }
    }
}
