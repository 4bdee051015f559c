package io.grove.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.grove.model.ModelRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The simple health check existing clients poll; Kubernetes uses the actuator probes instead. */
@RestController
@Tag(name = "Health")
class HealthController {

    private final ModelRegistry registry;

    HealthController(ModelRegistry registry) {
        this.registry = registry;
    }

    @Operation(summary = "Is a model loaded and ready?",
            description = "200 with model_loaded=true when the default model is ready; 503 with model_loaded=false otherwise.")
    @GetMapping("/health")
    ResponseEntity<HealthResponse> health() {
        boolean loaded = registry.current().isPresent();
        return ResponseEntity.status(loaded ? 200 : 503).body(new HealthResponse(loaded ? "ok" : "unavailable", loaded));
    }

    record HealthResponse(String status, @JsonProperty("model_loaded") boolean modelLoaded) {
    }
}
