package io.grove.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Builds the repository's Dockerfile with podman and runs the image as a user would, through
 * deploy/container/check-image.sh (see the script for what it checks and why base images are
 * stood in for). Minutes long: the build compiles Grove inside the image and trains its AOT cache on
 * requests Grove serves itself. It builds with one busy loop per core beside it, as on a shared
 * builder where another job takes the cores (issue 18: the training run met admission control's
 * 503s and failed the build); a wrong answer still fails it (AotTrainingRunTest).
 */
class ContainerImageTest {

    @Test
    void theDockerfileBuildsAnImageThatServesPredictionsAsANonRootUser() {
        String hogs = Integer.toString(Runtime.getRuntime().availableProcessors());
        Command check = Command.run(Duration.ofMinutes(20), "env", "GROVE_CHECK_CPU_HOG=" + hogs,
                "bash", "deploy/container/check-image.sh");

        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.output())
                .contains("check-image: CPU hog: " + hogs + " busy loops beside the build")
                .contains("check-image: AOT training run: 30000 requests answered as expected")
                .contains("check-image: predict: HTTP 200")
                .contains("\"label\":\"setosa\"")
                .contains("check-image: predict-invalid: HTTP 422")
                .contains("check-image: liveness: HTTP 200")
                .contains("check-image: readiness: HTTP 200")
                .contains("check-image: healthcheck: healthy")
                .contains("check-image: graceful shutdown: complete")
                .containsPattern("check-image: process uid: [1-9][0-9]*")
                .containsPattern("start-up to context refreshed: [0-9]+ ms with the AOT cache")
                .endsWith("check-image: PASS\n");
    }
}
