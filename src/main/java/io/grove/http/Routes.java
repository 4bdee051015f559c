package io.grove.http;

import java.util.List;
import java.util.stream.Stream;

/**
 * Grove's routes by group, the one list that request admission ({@link WebConfig}), the API keys
 * ({@code io.grove.security.ApiKeyFilter}) and the OpenAPI document ({@code io.grove.http.docs.OpenApiConfig})
 * read, so that a new prediction route is admitted, protected and documented by adding it here.
 * Patterns are Spring path patterns ({@code *} one segment, {@code **} any number).
 */
public final class Routes {

    /** Every route that scores rows, native and inference-protocol: admitted one request at a time by admission. */
    public static final List<String> PREDICTION = List.of(
            "/predict", "/predict-batch",
            "/models/*/predict", "/models/*/predict-batch",
            "/models/*/versions/*/predict", "/models/*/versions/*/predict-batch",
            "/v2/models/*/infer", "/v2/models/*/versions/*/infer");

    /** The native model repository's routes: listing, metadata and prediction by name. */
    public static final String MODELS = "/models/**";

    /** The operator's routes. */
    public static final String ADMIN = "/admin/**";

    /** What an API key guards when {@code grove.auth.enabled}: the prediction routes, the model repository and admin. */
    public static final List<String> PROTECTED = concat(PREDICTION, MODELS, ADMIN);

    /** What an API key also guards when {@code grove.auth.protect-metrics}. */
    public static final List<String> METRICS = List.of("/metrics", "/actuator/prometheus", "/actuator/prometheus/**");

    /** What the OpenAPI document describes: both front ends, not actuator or the docs themselves. */
    public static final List<String> DOCUMENTED = concat(PREDICTION, MODELS, ADMIN, "/health", "/metrics", "/v2/**");

    private Routes() {
    }

    private static List<String> concat(List<String> routes, String... more) {
        return Stream.concat(routes.stream(), Stream.of(more)).toList();
    }
}
