package io.grove.model;

import io.grove.scoring.InputSchema;
import io.grove.scoring.Scorer;

/**
 * A model file's scorer bound to its public contract: the signature clients see, the input rules
 * that put their rows in the scorer's order, and the scorer, which answers in the signature's class order.
 *
 * @param signature the public contract
 * @param schema    the input rules
 * @param scorer    the scorer
 */
record BoundModel(ModelSignature signature, InputSchema schema, Scorer scorer) {
}
