package io.grove.http.docs;

import io.grove.http.Routes;
import io.grove.http.problem.ProblemType;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.headers.Header;
import java.util.ArrayList;
import java.util.Map;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document: API metadata and the problem+json error responses of every POST operation. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    private static final String PROBLEM = "Problem";
    private static final Map<String, String> POST_ERRORS = Map.of(
            "400", "Malformed JSON",
            "401", "API keys are on (grove.auth.enabled) and the X-API-Key / Bearer key is missing or wrong",
            "408", "Request body took longer than grove.api.max-body-read-time to arrive",
            "413", "Request body larger than grove.api.max-request-body",
            "415", "Content type is not application/json",
            "422", "Invalid values: the errors list names each field (features[0], rows[1][0]) and the rule broken",
            "503", "At capacity, waited longer than grove.admission.max-dispatch-delay for a server thread, or no model "
                    + "loaded; retry after the Retry-After header's seconds");

    /**
     * Documents {@link Routes#DOCUMENTED}, the route list admission and the API keys read, unless
     * {@code springdoc.paths-to-match} is set. Static, so that it is created before the bean it changes.
     */
    @Bean
    static BeanPostProcessor documentedRoutes() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof SpringDocConfigProperties docs
                        && (docs.getPathsToMatch() == null || docs.getPathsToMatch().isEmpty())) {
                    docs.setPathsToMatch(new ArrayList<>(Routes.DOCUMENTED));
                }
                return bean;
            }
        };
    }

    @Bean
    OpenAPI groveOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Grove").version("1")
                        .description("Model serving over REST and the Open Inference Protocol: predictions from Tribuo, "
                                + "ONNX (scikit-learn), XGBoost and LightGBM models, classifiers (class, label, proba) and "
                                + "regressors (prediction), validated against each model's features and constraints; "
                                + "null in a feature position is a missing value. Errors are RFC 9457 problem details "
                                + "(application/problem+json).")
                        .license(new License().name("Apache-2.0")));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getPaths().values().forEach(OpenApiConfig::addProblemResponses);
        };
    }

    private static void addProblemResponses(PathItem path) {
        if (path.getPost() == null) {
            return;
        }
        POST_ERRORS.forEach((status, description) -> {
            ApiResponse response = new ApiResponse().description(description).content(new Content().addMediaType(
                    "application/problem+json", new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
            if (status.equals("503")) {
                response.addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying")
                        .schema(new IntegerSchema()));
            }
            path.getPost().getResponses().addApiResponse(status, response);
        });
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        Schema<?> violation = new ObjectSchema()
                .addProperty("field", new StringSchema().example("features[0]"))
                .addProperty("pointer", new StringSchema().example("/features/0"))
                .addProperty("message", new StringSchema().example("must be greater than 0 (sepal_length)"));
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example(ProblemType.INVALID_INPUT.uri().toString()))
                .addProperty("title", new StringSchema().example("Unprocessable Content"))
                .addProperty("status", new IntegerSchema().example(422))
                .addProperty("detail", new StringSchema().example("features[0] must be greater than 0 (sepal_length)"))
                .addProperty("instance", new StringSchema().example("/predict"))
                .addProperty("errors", new ArraySchema().items(violation).description("Present on 422: every invalid value"));
    }
}
