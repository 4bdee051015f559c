package io.grove.http.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

class ProblemsTest {

    @Test
    void everyTypeIsAGroveUrnOfItsOwn() {
        List<String> uris = Arrays.stream(ProblemType.values()).map(t -> t.uri().toString()).toList();
        assertThat(uris).doesNotHaveDuplicates().allMatch(u -> u.matches("urn:grove:problem:[a-z-]+"));
        assertThat(ProblemType.BODY_TOO_LARGE.uri()).hasToString("urn:grove:problem:body-too-large");
        assertThat(ProblemType.BODY_TOO_LARGE.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(ProblemType.INVALID_INPUT.title()).isEqualTo("Unprocessable Content");
    }

    @Test
    void aTypedProblemHasItsMembersInOrder() {
        ProblemDetail problem = Problems.at(Problems.of(ProblemType.URI_TOO_LONG, "too long"), "/predict");
        problem.setProperty("extra", 1);
        assertThat(json(problem)).isEqualTo("{\"type\":\"urn:grove:problem:uri-too-long\",\"title\":\"URI Too Long\","
                + "\"status\":414,\"detail\":\"too long\",\"instance\":\"/predict\",\"extra\":1}");
    }

    @Test
    void aBlankProblemOmitsItsTypeAndAnUnknownStatusIsTitledError() {
        assertThat(json(Problems.of(HttpStatus.BAD_REQUEST, "Bad Request")))
                .isEqualTo("{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"Bad Request\"}");
        assertThat(json(Problems.of(HttpStatusCode.valueOf(499), "x")))
                .isEqualTo("{\"title\":\"Error\",\"status\":499,\"detail\":\"x\"}");
    }

    @Test
    void theInstanceReflectsNothingOutsidePlainPathCharacters() {
        assertThat(Problems.safePath("/a b/<script>\"")).isEqualTo("/a_b/_script__");
        assertThat(Problems.safePath("/" + "x".repeat(400))).hasSize(256);
        assertThat(Problems.safePath(null)).isEmpty();
    }

    private static String json(ProblemDetail problem) {
        return new String(Problems.json(problem), StandardCharsets.UTF_8);
    }
}
