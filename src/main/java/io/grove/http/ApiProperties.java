package io.grove.http;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * HTTP front-end settings ({@code grove.api.*}).
 *
 * @param maxRequestBody the largest request body accepted; larger ones answer 413
 * @param requestLog     whether each request is logged (method, path, status, duration, model)
 * @param json           limits on the JSON a request body may hold
 * @param maxUriLength   the longest request path plus query string, in characters; longer ones answer 414
 * @param maxBodyReadTime the longest a request body may take to arrive, from the first read; a
 *                       slower one answers 408, so that a slow sender holds a server thread for a
 *                       bounded time; zero means no limit
 */
@ConfigurationProperties("grove.api")
public record ApiProperties(DataSize maxRequestBody, boolean requestLog, Json json, int maxUriLength,
                            Duration maxBodyReadTime) {

    /**
     * Parser limits; JSON beyond them answers 400 before any of it is bound.
     *
     * @param maxNestingDepth the deepest nesting of arrays and objects
     * @param maxNumberLength the most characters in one number
     * @param maxStringLength the most characters in one string
     */
    public record Json(int maxNestingDepth, int maxNumberLength, int maxStringLength) {
    }
}
