package io.grove.rest;

import io.grove.http.ApiProperties;
import io.grove.http.json.JsonConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.grove.support.TestModels;
import io.grove.scoring.Features;
import io.grove.scoring.InputSchema;
import io.grove.scoring.Violation;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.ProblemDetail;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Coverage-guided fuzzing of request decoding and validation: Grove's configured JSON mapper
 * (strict coercion, duplicate-key detection, parser limits from application.yaml) reads arbitrary
 * bytes as a {@link PredictRequest} and a {@link BatchPredictRequest}; the rows are checked
 * against the real Iris input schema, and every decoding failure is turned into the problem the
 * API would answer.
 *
 * <p>Oracles: decoding either succeeds or throws a {@link JacksonException}, nothing else; a row
 * the schema passes has only finite values above zero; a failure maps to 400 or 422, never 5xx,
 * and its detail names no Java class. By default (as in {@code ./mvnw test}) only the committed
 * inputs under {@code src/test/resources/io/grove/api/RequestDecodingFuzzTestInputs} run; with
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes for {@code maxDuration} (the pom's {@code fuzz} execution
 * does that in {@code ./mvnw verify}). A crash it finds is saved in that directory: commit it as a
 * regression input.
 */
class RequestDecodingFuzzTest {

    /** Package names, Jackson's source locations, and {@code `Class.member`} references. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "(java|tools\\.jackson|io\\.grove|org\\.springframework)\\.|\\[Source|REDACTED|`[A-Z][A-Za-z]*\\.[A-Za-z_]");
    private static final JsonMapper JSON;
    private static final InputSchema SCHEMA;

    static {
        JsonMapper[] mapper = new JsonMapper[1];
        new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withUserConfiguration(JsonConfig.class, Properties.class)
                .run(context -> mapper[0] = context.getBean(JsonMapper.class));
        JSON = mapper[0];
        SCHEMA = TestModels.loader().load(Path.of("models/iris/1")).schema();
    }

    @EnableConfigurationProperties(ApiProperties.class)
    static class Properties {
    }

    private final ApiExceptionHandler handler = new ApiExceptionHandler();

    @FuzzTest(maxDuration = "30s")
    void decodeAndValidate(byte[] body) {
        try {
            PredictRequest one = JSON.readValue(body, PredictRequest.class);
            if (one != null && one.features() != null) {
                checkRow(one.features());
            }
        } catch (JacksonException e) {
            assertMapsToAClientError(e, body);
        }
        try {
            BatchPredictRequest batch = JSON.readValue(body, BatchPredictRequest.class);
            if (batch != null && batch.rows() != null) {
                for (Features row : batch.rows()) {
                    if (row != null) {
                        checkRow(row);
                    }
                }
            }
        } catch (JacksonException e) {
            assertMapsToAClientError(e, body);
        }
    }

    private static void checkRow(Features features) {
        List<Violation> violations = new ArrayList<>();
        double[] row = SCHEMA.arrange(features, Violation.NONE, violations);
        if (violations.isEmpty()) {
            assertThat(row).hasSize(4);
            for (double v : row) {
                assertThat(Double.isFinite(v) && v > 0).as("schema passed %s", v).isTrue();
            }
        }
        for (Violation v : violations) {
            assertThat(v.inBatch()).as("about the one row of /predict").isFalse();
            assertThat(v.message()).isNotBlank();
        }
    }

    private void assertMapsToAClientError(JacksonException e, byte[] body) {
        HttpMessageNotReadableException unreadable = new HttpMessageNotReadableException("unreadable", e, input(body));
        ResponseEntity<Object> answer = handler.handleHttpMessageNotReadable(unreadable, new HttpHeaders(),
                HttpStatus.BAD_REQUEST, null);

        assertThat(answer.getStatusCode().value()).isIn(400, 413, 422);
        ProblemDetail problem = (ProblemDetail) answer.getBody();
        // A detail may echo the client's own token; anything class-like that the client did not send is a leak.
        String sent = new String(body, StandardCharsets.UTF_8);
        Matcher leak = CLASS_NAME.matcher(problem.getDetail());
        while (leak.find()) {
            assertThat(sent).as("leaked into %s", problem.getDetail()).contains(leak.group());
        }
    }

    private static HttpInputMessage input(byte[] body) {
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return new HttpHeaders();
            }
        };
    }
}
