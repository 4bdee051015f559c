package io.grove.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.GroveTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/**
 * By default requests are served on Tomcat's four-thread platform pool; the subclass checks that
 * the virtual-threads profile serves them on virtual threads. The request log names the thread.
 */
@GroveTest
@TestPropertySource(properties = "grove.api.request-log=true")
@ExtendWith(OutputCaptureExtension.class)
class ThreadModelTest {

    @Autowired
    ApiClient api;

    @Test
    void servesOnTheExpectedThreads(CapturedOutput output) {
        assertThat(api.postJson("/predict", "{\"features\":[5.1,3.5,1.4,0.2]}").status()).isEqualTo(200);

        String line = output.getOut().lines().filter(l -> l.contains("\"io.grove.request\"")).reduce((a, b) -> b).orElseThrow();
        assertThat(line).containsPattern("\"thread\":\\{\"name\":\"" + expectedThreadName() + "\"");
    }

    String expectedThreadName() {
        return "http-nio-[\\w-]+-exec-[1-4]";
    }
}
