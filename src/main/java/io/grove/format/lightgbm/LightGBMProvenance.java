package io.grove.format.lightgbm;

/**
 * What a LightGBM model file tells of how it was made, as {@code GET /models/{name}} shows it.
 *
 * @param library       always {@code LightGBM}
 * @param formatVersion the model text's {@code version=} line, {@code v3} or {@code v4}
 * @param objective     the objective line as the file has it ({@code binary sigmoid:1}), empty when it has none
 * @param trees         the number of trees
 * @param iterations    the number of boosting iterations (trees per class)
 * @param averageOutput whether the raw score is averaged over iterations (random-forest mode)
 */
public record LightGBMProvenance(String library, String formatVersion, String objective, int trees, int iterations,
                                 boolean averageOutput) {
}
