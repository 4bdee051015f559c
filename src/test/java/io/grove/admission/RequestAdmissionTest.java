package io.grove.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.ApiClient.Reply;
import io.grove.support.GroveTest;
import io.grove.support.RequestsInProgress;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A request in progress holds its admission from routing to answer: with room for one, a second
 * prediction is refused at once while the first is still sending its body, and the first is
 * answered normally once its body arrives.
 */
@GroveTest
@TestPropertySource(properties = "grove.admission.max-requests=1")
class RequestAdmissionTest {

    static final String BODY = "{\"features\":[5.1,3.5,1.4,0.2]}";

    @Autowired
    ApiClient api;

    @Test
    void refusesPredictionsBeyondTheRequestsInProgress() throws Exception {
        URI base = URI.create(api.base());
        try (Socket slow = new Socket(base.getHost(), base.getPort())) {
            slow.setSoTimeout(10_000);
            OutputStream out = slow.getOutputStream();
            out.write(("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + BODY.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RequestsInProgress.await(api, 1);

            Reply refused = api.postJson("/predict", BODY);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(api.postJson("/v2/models/iris/infer", "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],"
                    + "\"datatype\":\"FP64\",\"data\":[5.1,3.5,1.4,0.2]}]}").status()).isEqualTo(503);
            assertThat(api.get("/health").status()).as("only prediction routes are limited").isEqualTo(200);

            out.write(BODY.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(statusLine(slow.getInputStream())).startsWith("HTTP/1.1 200");
        }
        RequestsInProgress.await(api, 0);
        assertThat(api.postJson("/predict", BODY).status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus").body())
                .containsPattern("grove_admission_rejected_total\\{[^}]*reason=\"max_requests\"[^}]*} 2(\\.0)?");
    }

    private static String statusLine(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n' && line.length() < 200; b = in.read()) {
            line.append((char) b);
        }
        return line.toString();
    }
}
