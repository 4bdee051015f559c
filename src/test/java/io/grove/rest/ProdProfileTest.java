package io.grove.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.GroveTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;

@GroveTest
@ActiveProfiles("prod")
class ProdProfileTest {

    @Autowired
    ApiClient api;

    @ParameterizedTest
    @ValueSource(strings = {"/v3/api-docs", "/swagger-ui/index.html", "/swagger-ui", "/docs"})
    void hidesTheInteractiveDocs(String path) {
        assertThat(api.get(path).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/actuator/health/readiness"})
    void stillServes(String path) {
        assertThat(api.get(path).status()).isEqualTo(200);
    }
}
