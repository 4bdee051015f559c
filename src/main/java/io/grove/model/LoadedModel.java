package io.grove.model;

import io.grove.scoring.InputSchema;
import io.grove.scoring.Scorer;
import java.time.Duration;
import java.time.Instant;

/**
 * A model version that has been read, checked against its descriptor and warmed up: ready to serve.
 * Immutable; requests hold on to the instance they started with, so replacing it never disturbs work
 * in flight.
 *
 * @param signature  the public contract: features, classes, output kind
 * @param schema     the input rules that put a client's row in the scorer's order
 * @param scorer     what turns a validated row into a score
 * @param format     the model file's format, such as {@code tribuo} or {@code onnx}
 * @param platform   what the Open Inference Protocol reports as the model's platform
 * @param provenance how the model was made, as its file tells it; may be {@code null}
 * @param reference  what scoring the version's reference rows found, or {@code null} if it has none
 * @param sha256     the hex SHA-256 of the model file
 * @param loadedAt   when loading finished
 * @param loadTime   how long reading, checking and warming up took
 */
public record LoadedModel(
        ModelSignature signature,
        InputSchema schema,
        Scorer scorer,
        String format,
        String platform,
        Object provenance,
        ReferenceCheck reference,
        String sha256,
        Instant loadedAt,
        Duration loadTime) {

    public String name() {
        return signature.name();
    }

    public String version() {
        return signature.version();
    }
}
