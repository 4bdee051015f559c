package io.grove.http.tomcat;

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
 * By default requests are served on a platform pool of two threads per available processor,
 * reported by the {@code grove.server.threads} gauge; the subclasses check an explicit
 * {@code server.tomcat.threads.max} and the virtual-threads profile. The request log names the
 * thread that served.
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
        String metrics = api.get("/actuator/prometheus").body();
        if (expectedPoolSize() > 0) {
            assertThat(metrics).containsPattern("grove_server_threads\\{[^}]*} " + expectedPoolSize() + "\\.0\n");
        } else {
            assertThat(metrics).doesNotContain("grove_server_threads");
        }
    }

    String expectedThreadName() {
        return "http-nio-[\\w-]+-exec-\\d+";
    }

    /** The platform pool's size, or 0 when requests are served on virtual threads. */
    int expectedPoolSize() {
        return 2 * Runtime.getRuntime().availableProcessors();
    }
}
