package io.grove.format.onnx;

/**
 * The bounds Grove holds an ONNX file to before and while it reads it, so that no content of the file
 * can make it allocate without limit, recurse without limit or loop.
 *
 * @param maxBytes          the largest file read at all
 * @param maxDepth          the deepest nesting of protobuf messages (also protobuf's recursion limit)
 * @param maxMessages       the most protobuf messages in the file (each becomes a Java object)
 * @param maxScalars        the most repeated scalar values (floats, ints, strings) in the file
 * @param maxGraphNodes     the most operators in the graph
 * @param maxTensorElements the most elements a declared tensor or shape may have
 * @param maxDimension      the largest size of one declared dimension
 */
public record OnnxLimits(long maxBytes, int maxDepth, long maxMessages, long maxScalars, int maxGraphNodes,
                         long maxTensorElements, long maxDimension) {

    /** What Grove serves: files up to 256 MiB, 100,000 operators, tensors of up to 2^28 elements. */
    public static final OnnxLimits DEFAULT = new OnnxLimits(256L << 20, 32, 4_000_000, 64_000_000, 100_000,
            1L << 28, Integer.MAX_VALUE);
}
