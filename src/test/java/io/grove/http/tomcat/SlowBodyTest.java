package io.grove.http.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.GroveTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A body that takes longer than {@code grove.api.max-body-read-time} to arrive is refused with
 * 408 once the next bytes come, so a client trickling its body holds a server thread for a
 * bounded time; the service answers normally afterwards.
 */
@GroveTest
@TestPropertySource(properties = "grove.api.max-body-read-time=300ms")
class SlowBodyTest {

    @Autowired
    ApiClient api;

    @Test
    void refusesABodyThatTakesTooLongToArrive() throws Exception {
        String answer = sendSlowly("/predict", "{\"features\":[5.1,3.5,1.4,0.2]}");
        assertThat(answer).startsWith("HTTP/1.1 408").contains("application/problem+json",
                "urn:grove:problem:body-too-slow", "did not arrive within 300 ms");

        String oip = sendSlowly("/v2/models/iris/infer", "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],"
                + "\"datatype\":\"FP64\",\"data\":[5.1,3.5,1.4,0.2]}]}");
        assertThat(oip).startsWith("HTTP/1.1 408").contains("{\"error\":");

        assertThat(api.postJson("/predict", "{\"features\":[5.1,3.5,1.4,0.2]}").status()).isEqualTo(200);
    }

    /** Sends the headers and the first 10 bytes of the body, the rest 600 ms later; returns the answer. */
    private String sendSlowly(String path, String body) throws Exception {
        URI base = URI.create(api.base());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 10))
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(600);
            out.write(body.substring(10).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
