package io.grove.rest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /metrics}, where existing scrapers look, serves the same text as {@code /actuator/prometheus}. */
@Controller
@Tag(name = "Operations")
class MetricsController {

    @Operation(summary = "Prometheus metrics", description = "The same text as /actuator/prometheus.")
    @GetMapping("/metrics")
    String metrics() {
        return "forward:/actuator/prometheus";
    }
}
