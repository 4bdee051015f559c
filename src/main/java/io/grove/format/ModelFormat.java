package io.grove.format;

import java.util.List;

/**
 * A model file format Grove serves: one implementation per package under {@code io.grove.format},
 * registered as a Spring bean. The core (repository, lifecycle, prediction, front ends) reaches a
 * format only through this interface.
 *
 * <p>A format never touches the file system: the core finds the model file in a version directory,
 * confines it to the repository, bounds its size and hands its bytes to {@link #read}.
 * Implementations are stateless and thread-safe.
 */
public interface ModelFormat {

    /** The format's name, as {@code GET /models} reports it: {@code tribuo}, {@code onnx}, {@code xgboost}, {@code lightgbm}. */
    String name();

    /**
     * The file names that mark a version directory as this format's, such as {@code model.tribuo};
     * no two formats share a name.
     */
    List<String> fileNames();

    /**
     * Reads and checks a model file and builds its scorer.
     *
     * @param file the model file's name, location (for messages) and bytes
     * @param options what the operator allows (native code, say)
     * @return the model as the core serves it
     * @throws ModelFormatException saying in one sentence what is wrong with the file; nothing else
     *                              may escape for any content of the file
     */
    FormatModel read(ModelFile file, FormatOptions options);
}
