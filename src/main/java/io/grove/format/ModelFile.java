package io.grove.format;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model file as the core hands it to a {@link ModelFormat}: already confined to the model
 * repository and bounded in size.
 *
 * @param name  the file's name in its version directory, one of {@link ModelFormat#fileNames()}
 * @param path  where it is, for messages only: a format reads {@code bytes}, never the path
 * @param bytes the file's content; not to be modified
 */
public record ModelFile(String name, Path path, byte[] bytes) {

    public ModelFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(bytes, "bytes");
    }
}
