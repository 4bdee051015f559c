package io.grove.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.ApiClient.Reply;
import io.grove.support.GroveTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A prediction request that waited longer than {@code grove.admission.max-dispatch-delay} for a
 * server thread is refused at once. With a limit of one nanosecond every prediction request has
 * waited too long, so each is refused: proof that the server's executor stamps its tasks and that
 * admission reads the stamp. Here on the platform-thread pool (the default); the subclass runs the
 * same on virtual threads. Every prediction request's wait is also recorded in the histogram
 * {@code grove_admission_dispatch_delay_seconds}, the saturation signal to alert on.
 */
@GroveTest
@TestPropertySource(properties = "grove.admission.max-dispatch-delay=1ns")
class DispatchDelayTest {

    @Autowired
    ApiClient api;

    @Test
    void refusesPredictionsThatWaitedTooLongForAThread() {
        Reply refused = api.postJson("/predict", "{\"features\":[5.1,3.5,1.4,0.2]}");

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("detail").asString()).contains("for a server thread");
        assertThat(api.postJson("/v2/models/iris/infer", "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],"
                + "\"datatype\":\"FP64\",\"data\":[5.1,3.5,1.4,0.2]}]}").status()).isEqualTo(503);
        assertThat(api.get("/health").status()).as("only prediction routes are refused").isEqualTo(200);
        String metrics = api.get("/actuator/prometheus").body();
        assertThat(metrics)
                .containsPattern("grove_admission_rejected_total\\{[^}]*reason=\"dispatch_delay\"[^}]*} [1-9]")
                .as("every prediction request's wait is in the histogram")
                .containsPattern("grove_admission_dispatch_delay_seconds_count\\{[^}]*} [1-9]")
                .containsPattern("grove_admission_dispatch_delay_seconds_bucket\\{[^}]*le=\"0\\.001\"[^}]*} ");
    }
}
