package io.grove.http.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.ApiClient.Reply;
import io.grove.support.GroveTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

@GroveTest
@TestPropertySource(properties = "grove.api.request-log=true")
@ExtendWith(OutputCaptureExtension.class)
class RequestLogTest {

    @Autowired
    ApiClient api;

    @Test
    void logsOneStructuredLinePerRequestWithoutTheBody(CapturedOutput output) {
        Reply reply = api.postJson("/predict", "{\"features\":[5.1,3.5,1.4,0.2],\"secret\":\"s3cr3t-value\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);

        String line = output.getOut().lines().filter(l -> l.contains("\"io.grove.request\"")).reduce((a, b) -> b).orElseThrow();
        assertThat(line).startsWith("{").contains("\"http_method\":\"POST\"", "\"path\":\"/predict\"", "\"status\":200",
                "\"duration_ms\":", "\"model\":\"iris:1\"");
        assertThat(output.getOut()).doesNotContain("s3cr3t-value");
    }

    @Test
    void namesTheModelThatAnsweredAnInferenceProtocolRequest(CapturedOutput output) {
        Reply reply = api.postJson("/v2/models/iris/infer", "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],"
                + "\"datatype\":\"FP64\",\"data\":[5.1,3.5,1.4,0.2]}]}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);

        String line = output.getOut().lines().filter(l -> l.contains("\"io.grove.request\"")).reduce((a, b) -> b).orElseThrow();
        assertThat(line).contains("\"path\":\"/v2/models/iris/infer\"", "\"status\":200", "\"model\":\"iris:1\"");
    }
}
