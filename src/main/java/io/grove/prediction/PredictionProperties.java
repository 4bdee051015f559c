package io.grove.prediction;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Request-shape limits of the prediction service ({@code grove.prediction.*}).
 *
 * @param maxBatchRows the most rows one batch request may carry
 */
@ConfigurationProperties("grove.prediction")
public record PredictionProperties(int maxBatchRows) {
}
