package io.grove.noop;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ceiling of Grove's HTTP stack: {@code POST /predict} reads and validates the same request
 * record as Grove and answers a constant of the same shape as Grove's answer, so the ratio
 * Grove / no-op measures what Grove adds (input rules, scoring, metrics), not JSON or Tomcat.
 */
@SpringBootApplication
public class NoopApplication {

    public static void main(String[] args) {
        SpringApplication.run(NoopApplication.class, args);
    }

    /** Grove's request record, with the same Bean Validation constraint. */
    public record PredictRequest(@NotNull double[] features) {
    }

    /** Grove's response shape. */
    public record PredictionResponse(@JsonProperty("class") int classIndex, String label, double[] proba,
                                     String model, String version) {
    }

    @RestController
    static class NoopController {

        private static final PredictionResponse CONSTANT =
                new PredictionResponse(0, "setosa", new double[] {1.0, 0.0, 0.0}, "iris", "1");

        @PostMapping(path = "/predict", consumes = MediaType.APPLICATION_JSON_VALUE,
                produces = MediaType.APPLICATION_JSON_VALUE)
        PredictionResponse predict(@Valid @RequestBody PredictRequest request) {
            return CONSTANT;
        }
    }
}
