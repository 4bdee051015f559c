package io.grove.format;

/**
 * What the operator allows a format to do when it builds a scorer.
 *
 * @param allowNative      whether a scorer may run native code (ONNX Runtime); when not, a model
 *                         only a native runtime can score fails its load and says so
 * @param preferRuntime    score with the format's runtime even where Grove compiles the model, for
 *                         comparison (an ONNX tree ensemble on ONNX Runtime, say)
 * @param intraOpThreads   threads a native runtime may use within one scoring call
 */
public record FormatOptions(boolean allowNative, boolean preferRuntime, int intraOpThreads) {

    /** Native code allowed, compiled where possible, one thread per scoring call. */
    public static final FormatOptions DEFAULT = new FormatOptions(true, false, 1);
}
