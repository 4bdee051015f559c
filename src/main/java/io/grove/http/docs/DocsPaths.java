package io.grove.http.docs;

import static org.springdoc.core.utils.Constants.DEFAULT_API_DOCS_URL;
import static org.springdoc.core.utils.Constants.DEFAULT_SWAGGER_UI_PATH;
import static org.springdoc.core.utils.Constants.INDEX_PAGE;
import static org.springdoc.core.utils.Constants.SWAGGER_UI_PREFIX;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where the interactive docs are served, read from springdoc's own settings so that moving them
 * ({@code springdoc.swagger-ui.path}, {@code springdoc.api-docs.path}) moves everything Grove
 * does for them: their security headers and the {@code /docs} shortcut. Immutable.
 */
@Component
public final class DocsPaths {

    /** FastAPI's docs address, kept for the users who come from it. */
    public static final String SHORTCUT = "/docs";

    private final String ui;
    private final String uiRoot;
    private final String apiDocs;

    DocsPaths(Environment environment) {
        this.ui = environment.getProperty("springdoc.swagger-ui.path", DEFAULT_SWAGGER_UI_PATH);
        this.apiDocs = environment.getProperty("springdoc.api-docs.path", DEFAULT_API_DOCS_URL);
        // springdoc serves the UI's page and files from the UI path's directory: /api/ui -> /api/swagger-ui
        this.uiRoot = ui.substring(0, Math.max(ui.lastIndexOf('/'), 0)) + SWAGGER_UI_PREFIX;
    }

    /** The UI's page, where {@code /docs} leads. */
    public String uiPage() {
        return uiRoot + INDEX_PAGE;
    }

    /** Whether {@code uri} is part of the docs. */
    public boolean contains(String uri) {
        return uri.startsWith(uiRoot) || uri.startsWith(ui) || uri.startsWith(apiDocs) || uri.equals(SHORTCUT);
    }
}
