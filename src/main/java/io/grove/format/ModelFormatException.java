package io.grove.format;

/**
 * A model file that its format cannot serve: malformed, hostile, or using something the format
 * does not support. The message says in one sentence what is wrong, without the file's path (the
 * core adds where the file is).
 */
public class ModelFormatException extends RuntimeException {

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
