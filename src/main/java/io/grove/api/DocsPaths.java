package io.grove.api;

import org.springframework.core.env.Environment;

/**
 * Where the interactive docs are served, read from springdoc's own settings so that moving them
 * ({@code springdoc.swagger-ui.path}, {@code springdoc.api-docs.path}) moves everything Grove
 * does for them: their security headers and the {@code /docs} shortcut.
 *
 * @param ui      {@code springdoc.swagger-ui.path}, which redirects to the UI's page
 * @param uiRoot  where springdoc serves the UI's page and files: the directory of {@code ui},
 *                then {@code /swagger-ui} ({@code /api/ui} gives {@code /api/swagger-ui})
 * @param apiDocs {@code springdoc.api-docs.path}, the OpenAPI description
 */
public record DocsPaths(String ui, String uiRoot, String apiDocs) {

    /** FastAPI's docs address, kept for the users who come from it. */
    public static final String SHORTCUT = "/docs";

    /** The paths in {@code environment}, with springdoc's defaults where a setting is absent. */
    public static DocsPaths from(Environment environment) {
        String ui = environment.getProperty("springdoc.swagger-ui.path", "/swagger-ui.html");
        String apiDocs = environment.getProperty("springdoc.api-docs.path", "/v3/api-docs");
        return new DocsPaths(ui, ui.substring(0, Math.max(ui.lastIndexOf('/'), 0)) + "/swagger-ui", apiDocs);
    }

    /** The UI's page, where {@code /docs} leads. */
    public String uiPage() {
        return uiRoot + "/index.html";
    }

    /** Whether {@code uri} is part of the docs. */
    public boolean contains(String uri) {
        return uri.startsWith(uiRoot) || uri.startsWith(ui) || uri.startsWith(apiDocs) || uri.equals(SHORTCUT);
    }
}
