package io.grove.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.ApiClient.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A version directory holding only {@code model.tribuo}, no descriptor, is served with what the file
 * itself says: its feature map's names, its classes, its version from the directory name. Tribuo's
 * feature map sorts features by name, not in the training data's order, and the file records no
 * order, so such a model takes named features only: a row by position is refused, never read in an
 * order the client did not mean.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"grove.shutdown.drain-delay=0s", "grove.model.name=bare", "grove.model.poll-interval=0s"})
class BareModelFileTest {

    static final Path REPOSITORY = repositoryWithABareIrisModel();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add("grove.model.repository", REPOSITORY::toString);
    }

    @Test
    void isServedWithNamedFeatures() {
        Reply reply = api().postJson("/predict",
                "{\"features\":{\"sepal_length\":6.7,\"sepal_width\":3.0,\"petal_length\":5.2,\"petal_width\":2.3}}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("label").asString()).isEqualTo("virginica");
        assertThat(reply.json().get("model").asString()).isEqualTo("bare");
        assertThat(reply.json().get("version").asString()).isEqualTo("7");
    }

    @Test
    void refusesARowByPositionAndSaysWhy() {
        Reply reply = api().postJson("/predict", "{\"features\":[6.7,3.0,5.2,2.3]}");

        assertThat(reply.status()).isEqualTo(422);
        JsonNode error = reply.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("features");
        assertThat(error.get("message").asString()).contains("must name its features")
                .contains("records no feature order").contains("(petal_length, petal_width, sepal_length, sepal_width)");
    }

    @Test
    void describesWhatTheFileSays() {
        JsonNode json = api().get("/models/bare").json();

        assertThat(json.get("version").asString()).isEqualTo("7");
        assertThat(json.get("format").asString()).isEqualTo("tribuo");
        assertThat(json.get("positional").asBoolean()).isFalse();
        assertThat(json.get("features")).extracting(f -> f.get("name").asString())
                .containsExactly("petal_length", "petal_width", "sepal_length", "sepal_width");
        assertThat(json.get("features").get(0).size()).as("no constraint beyond a finite number").isEqualTo(1);
        assertThat(json.get("classes")).extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("setosa", "versicolor", "virginica");
        assertThat(json.has("description")).isFalse();
    }

    @Test
    void stillRefusesNonFiniteValues() {
        Reply reply = api().postJson("/predict",
                "{\"features\":{\"sepal_length\":1e400,\"sepal_width\":3.0,\"petal_length\":5.2,\"petal_width\":2.3}}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("errors").get(0).get("message").asString()).isEqualTo("must be a finite number");
    }

    private ApiClient api() {
        return new ApiClient(port);
    }

    private static Path repositoryWithABareIrisModel() {
        try {
            Path version = Files.createDirectories(Files.createTempDirectory("grove-bare").resolve("bare").resolve("7"));
            Files.copy(Path.of("models/iris/1/model.tribuo"), version.resolve("model.tribuo"));
            return version.getParent().getParent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
