package io.grove.format.tribuo;

/**
 * Thrown when a model has something a compiled evaluator does not reproduce exactly; the model is
 * then scored by Tribuo itself.
 */
final class UnsupportedModelException extends RuntimeException {

    UnsupportedModelException(String reason) {
        super(reason);
    }
}
