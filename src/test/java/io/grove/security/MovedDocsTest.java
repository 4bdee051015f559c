package io.grove.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.ApiClient.Reply;
import io.grove.support.GroveTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Docs moved with springdoc's own settings keep working: their security policy and the
 * {@code /docs} shortcut follow them, and the old paths are no longer treated as docs.
 */
@GroveTest
@TestPropertySource(properties = {"springdoc.swagger-ui.path=/api/ui", "springdoc.api-docs.path=/api/openapi"})
class MovedDocsTest {

    @Autowired
    ApiClient api;

    @Test
    void theDocsPolicyFollowsTheDocs() {
        for (Reply reply : new Reply[] {api.get("/api/swagger-ui/index.html"), api.get("/api/swagger-ui/swagger-ui.css"),
                api.get("/api/openapi")}) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            assertThat(reply.header("Content-Security-Policy")).as(reply.toString()).isEqualTo(SecurityHeadersValve.DOCS_POLICY);
        }
        Reply oldPage = api.get("/swagger-ui/index.html");
        assertThat(oldPage.status()).isEqualTo(404);
        assertThat(oldPage.header("Content-Security-Policy")).isEqualTo(SecurityHeadersValve.API_POLICY);
    }

    @Test
    void docsLeadsToTheMovedPage() {
        Reply docs = api.get("/docs");

        assertThat(docs.status()).isEqualTo(302);
        assertThat(docs.header("Location")).endsWith("/api/swagger-ui/index.html");
        assertThat(api.get("/api/ui").header("Location")).endsWith("/api/swagger-ui/index.html");
    }
}
