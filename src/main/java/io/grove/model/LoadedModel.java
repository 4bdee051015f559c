package io.grove.model;

import io.grove.scoring.InputSchema;
import io.grove.scoring.Scorer;
import java.time.Duration;
import java.time.Instant;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * A model that has been loaded, checked against its descriptor and warmed up: ready to serve.
 * Immutable; requests hold on to the instance they started with, so replacing it never
 * disturbs work in flight.
 *
 * @param descriptor the model's public contract
 * @param schema     the input rules compiled from the descriptor
 * @param scorer     what turns a validated row into probabilities
 * @param tribuo     the Tribuo model, for its provenance
 * @param sha256     the hex SHA-256 of the model file
 * @param loadedAt   when loading finished
 * @param loadTime   how long reading, checking and warming up took
 */
public record LoadedModel(
        ModelDescriptor descriptor,
        InputSchema schema,
        Scorer scorer,
        Model<Label> tribuo,
        String sha256,
        Instant loadedAt,
        Duration loadTime) {

    public String name() {
        return descriptor.name();
    }

    public String version() {
        return descriptor.version();
    }
}
