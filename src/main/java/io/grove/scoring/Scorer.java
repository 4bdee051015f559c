package io.grove.scoring;

/**
 * Turns validated feature rows into {@link Score}s. Implementations are immutable and thread-safe;
 * they are built once when a model version is loaded and closed when it is unloaded.
 */
public interface Scorer extends AutoCloseable {

    /**
     * Scores one row.
     *
     * @param features the feature values in the model's feature order, already validated; a value is
     *                 {@code NaN} only where the model defines what a missing value means
     * @return a {@link Score.Classification} or a {@link Score.Regression}, as the model's output kind says
     */
    Score score(double[] features);

    /**
     * Scores many rows, in order. Runtimes that score a batch faster than row by row override it.
     *
     * @param rows the rows, each as {@link #score} takes it
     * @return one score per row
     */
    default Score[] scoreAll(double[][] rows) {
        Score[] out = new Score[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = score(rows[i]);
        }
        return out;
    }

    /**
     * A short name for logs and metadata: {@code compiled-forest} for Grove's compiled evaluators,
     * or the runtime that scores, such as {@code tribuo} or {@code onnxruntime}.
     */
    String kind();

    /** Releases what the scorer holds outside the heap (a native session, say); called once it is no longer served. */
    @Override
    default void close() {
    }
}
