package io.grove.http.docs;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /docs}, where FastAPI users look for the interactive docs, leads to Swagger UI. */
@Controller
@Hidden
@ConditionalOnProperty(name = "springdoc.swagger-ui.enabled", havingValue = "true", matchIfMissing = true)
class DocsController {

    private final String redirect;

    DocsController(DocsPaths docs) {
        this.redirect = "redirect:" + docs.uiPage();
    }

    @GetMapping(DocsPaths.SHORTCUT)
    String docs() {
        return redirect;
    }
}
