package io.grove.oip;

import io.grove.http.log.RequestLogFilter;
import io.grove.model.LoadedModel;
import io.grove.model.ModelRegistry;
import io.grove.model.ModelState;
import io.grove.model.ModelUnavailableException;
import io.grove.prediction.Prediction;
import io.grove.prediction.PredictionProperties;
import io.grove.prediction.PredictionResult;
import io.grove.prediction.PredictionService;
import io.grove.scoring.Features;
import io.grove.scoring.OutputKind;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Open Inference Protocol (V2 REST, as spoken by KServe, Triton and MLServer) over Grove's
 * models. A model takes one input tensor, {@code features}, of shape {@code [rows, features]}. A
 * classifier answers two outputs: {@code label} (BYTES, one per row) and {@code probabilities} (FP64,
 * {@code [rows, classes]} in the model's class order); a regressor answers {@code prediction} (FP64,
 * {@code [rows]}). Errors answer {@code {"error": "..."}}; the
 * infer mappings do not declare what they consume so that a wrong content type reaches that policy
 * (a 415 raised while choosing the handler would bypass it).
 */
@RestController
@Tag(name = "Open Inference Protocol")
class OipController {

    static final String INPUT = "features";
    static final String LABEL = "label";
    static final String PROBABILITIES = "probabilities";
    static final String PREDICTION = "prediction";
    private static final Set<String> CLASSIFIER_OUTPUTS = Set.of(LABEL, PROBABILITIES);
    private static final Set<String> REGRESSOR_OUTPUTS = Set.of(PREDICTION);

    private final ModelRegistry registry;
    private final PredictionService predictions;
    private final int maxRows;

    OipController(ModelRegistry registry, PredictionService predictions, PredictionProperties properties) {
        this.registry = registry;
        this.predictions = predictions;
        this.maxRows = properties.maxBatchRows();
    }

    /**
     * Server metadata ({@code $metadata_server_response}).
     *
     * @param name       the server's name
     * @param version    the server's version
     * @param extensions the protocol extensions supported: none
     */
    record ServerMetadata(String name, String version, List<String> extensions) {
    }

    @Operation(summary = "Server metadata")
    @GetMapping(path = "/v2", produces = MediaType.APPLICATION_JSON_VALUE)
    ServerMetadata server() {
        String version = OipController.class.getPackage().getImplementationVersion();
        return new ServerMetadata("grove", version == null ? "dev" : version, List.of());
    }

    @Operation(summary = "Server live", description = "200 while the server can answer requests.")
    @GetMapping(path = "/v2/health/live", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @Operation(summary = "Server ready", description = "200 when every model has a version ready, else 400.")
    @GetMapping(path = "/v2/health/ready", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Boolean>> ready() {
        boolean ready = !registry.names().isEmpty() && registry.names().stream()
                .allMatch(name -> registry.versions(name).stream().anyMatch(v -> v.state() == ModelState.READY));
        return readiness(ready);
    }

    @Operation(summary = "Model ready", description = "200 when the model has a version ready, 400 when not, 404 if unknown.")
    @GetMapping(path = "/v2/models/{name}/ready", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Boolean>> modelReady(@PathVariable String name) {
        return modelReady(name, null);
    }

    @Operation(summary = "Model version ready")
    @GetMapping(path = "/v2/models/{name}/versions/{version}/ready", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Boolean>> modelReady(@PathVariable String name, @PathVariable String version) {
        try {
            registry.require(name, version);
            return readiness(true);
        } catch (ModelUnavailableException e) {
            return readiness(false);
        }
    }

    @Operation(summary = "Model metadata")
    @GetMapping(path = "/v2/models/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    ModelMetadataResponse metadata(@PathVariable String name) {
        return metadata(name, null);
    }

    @Operation(summary = "Model version metadata")
    @GetMapping(path = "/v2/models/{name}/versions/{version}", produces = MediaType.APPLICATION_JSON_VALUE)
    ModelMetadataResponse metadata(@PathVariable String name, @PathVariable String version) {
        LoadedModel model = registry.require(name, version);
        List<String> versions = registry.versions(name).stream()
                .filter(v -> v.model() != null).map(v -> v.version()).toList();
        int width = model.signature().features().size();
        int classes = model.signature().classes().size();
        List<ModelMetadataResponse.Tensor> outputs = model.signature().output() == OutputKind.REGRESSION
                ? List.of(new ModelMetadataResponse.Tensor(PREDICTION, "FP64", List.of(-1)))
                : List.of(new ModelMetadataResponse.Tensor(LABEL, "BYTES", List.of(-1)),
                        new ModelMetadataResponse.Tensor(PROBABILITIES, "FP64", List.of(-1, classes)));
        return new ModelMetadataResponse(name, versions, model.platform(),
                List.of(new ModelMetadataResponse.Tensor(INPUT, "FP64", List.of(-1, width))), outputs);
    }

    @Operation(summary = "Infer", description = "One input tensor of shape [rows, features] (FP32, FP64 or integers, "
            + "flat or nested); answers the label and probabilities outputs, or those requested.")
    @PostMapping(path = "/v2/models/{name}/infer", produces = MediaType.APPLICATION_JSON_VALUE)
    InferenceResponse infer(@PathVariable String name, @RequestBody InferenceRequest request, HttpServletRequest http) {
        return infer(name, null, request, http);
    }

    @Operation(summary = "Infer with a model version")
    @PostMapping(path = "/v2/models/{name}/versions/{version}/infer", produces = MediaType.APPLICATION_JSON_VALUE)
    InferenceResponse infer(@PathVariable String name, @PathVariable String version,
                            @RequestBody InferenceRequest request, HttpServletRequest http) {
        // resolved once: the tensor is checked against, and scored by, the same version
        LoadedModel model = registry.require(name, version);
        if (request.inputs() == null || request.inputs().size() != 1 || request.inputs().getFirst() == null) {
            throw OipException.badRequest("model '" + name + "' takes exactly one input tensor, '" + INPUT + "' of shape [-1, "
                    + model.signature().features().size() + "]");
        }
        Set<String> wanted = requestedOutputs(request, model);
        double[][] rows = TensorDecoder.rows(request.inputs().getFirst(), model.signature().features().size(), maxRows);
        PredictionResult result = predictions.predictBatch(model,
                Arrays.stream(rows).map(Features::positional).toArray(Features[]::new));
        RequestLogFilter.recordModel(http, result);
        return new InferenceResponse(result.model(), result.version(), request.id(), outputs(wanted, result, model));
    }

    private static Set<String> requestedOutputs(InferenceRequest request, LoadedModel model) {
        boolean regressor = model.signature().output() == OutputKind.REGRESSION;
        Set<String> available = regressor ? REGRESSOR_OUTPUTS : CLASSIFIER_OUTPUTS;
        if (request.outputs() == null || request.outputs().isEmpty()) {
            return available;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (InferenceRequest.Output output : request.outputs()) {
            if (output == null || !available.contains(output.name())) {
                throw OipException.badRequest("unknown output '" + (output == null ? null : output.name())
                        + (regressor ? "'; the model has the output '" + PREDICTION + "'"
                        : "'; the model has outputs '" + LABEL + "' and '" + PROBABILITIES + "'"));
            }
            wanted.add(output.name());
        }
        return wanted;
    }

    private static List<InferenceResponse.Output> outputs(Set<String> wanted, PredictionResult result, LoadedModel model) {
        List<Prediction> rows = result.predictions();
        if (model.signature().output() == OutputKind.REGRESSION) {
            double[] values = new double[rows.size()];
            for (int r = 0; r < values.length; r++) {
                values[r] = ((Prediction.Regressed) rows.get(r)).value();
            }
            return List.of(new InferenceResponse.Output(PREDICTION, List.of(rows.size()), "FP64", values));
        }
        int classes = model.signature().classes().size();
        List<InferenceResponse.Output> outputs = new ArrayList<>(2);
        if (wanted.contains(LABEL)) {
            outputs.add(new InferenceResponse.Output(LABEL, List.of(rows.size()), "BYTES",
                    rows.stream().map(p -> ((Prediction.Classified) p).label()).toList()));
        }
        if (wanted.contains(PROBABILITIES)) {
            double[] flat = new double[rows.size() * classes];
            for (int r = 0; r < rows.size(); r++) {
                System.arraycopy(((Prediction.Classified) rows.get(r)).proba(), 0, flat, r * classes, classes);
            }
            outputs.add(new InferenceResponse.Output(PROBABILITIES, List.of(rows.size(), classes), "FP64", flat));
        }
        return outputs;
    }

    private static ResponseEntity<Map<String, Boolean>> readiness(boolean ready) {
        return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.BAD_REQUEST).body(Map.of("ready", ready));
    }
}
