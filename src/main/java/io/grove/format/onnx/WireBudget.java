package io.grove.format.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import io.grove.format.ModelFormatException;
import io.grove.format.onnx.proto.OnnxProtos;
import java.io.IOException;

/**
 * Counts what parsing a file would allocate, on the wire and without allocating it: protobuf
 * messages, repeated scalars, graph nodes and nesting depth, field by field as the ONNX schema
 * subset declares them. A file of a few megabytes can declare millions of empty nodes, each of
 * which a parser would turn into an object; this scan refuses such a file before it is parsed.
 */
final class WireBudget {

    private static final Descriptor NODE = OnnxProtos.NodeProto.getDescriptor();

    private final OnnxLimits limits;
    private long messages;
    private long scalars;
    private long nodes;

    private WireBudget(OnnxLimits limits) {
        this.limits = limits;
    }

    /**
     * @throws ModelFormatException if the bytes are not well-formed protobuf or exceed a limit
     */
    static void check(byte[] bytes, OnnxLimits limits) {
        WireBudget budget = new WireBudget(limits);
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            // Unknown groups are skipped by protobuf itself, within this recursion limit.
            in.setRecursionLimit(limits.maxDepth());
            budget.scan(in, OnnxProtos.ModelProto.getDescriptor(), 1);
        } catch (IOException e) {
            throw new ModelFormatException("The file is not a well-formed ONNX protobuf message (" + e.getMessage() + ").");
        }
    }

    private void scan(CodedInputStream in, Descriptor type, int depth) throws IOException {
        if (depth > limits.maxDepth()) {
            throw new ModelFormatException("The file nests protobuf messages deeper than " + limits.maxDepth() + " levels.");
        }
        count(type);
        int tag;
        while ((tag = in.readTag()) != 0) {
            FieldDescriptor field = type.findFieldByNumber(WireFormat.getTagFieldNumber(tag));
            int wireType = WireFormat.getTagWireType(tag);
            if (field != null && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                    && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int length = in.readRawVarint32();
                int old = in.pushLimit(length);
                scan(in, field.getMessageType(), depth + 1);
                in.popLimit(old);
            } else if (field != null && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED && field.isRepeated()
                    && field.getJavaType() != FieldDescriptor.JavaType.STRING
                    && field.getJavaType() != FieldDescriptor.JavaType.BYTE_STRING) {
                int length = in.readRawVarint32();
                if (length < 0) {
                    throw new IOException("a negative length");
                }
                // A packed array: a varint takes at least one byte, a fixed value four or eight.
                int width = switch (field.getType()) {
                    case FLOAT, FIXED32, SFIXED32 -> 4;
                    case DOUBLE, FIXED64, SFIXED64 -> 8;
                    default -> 1;
                };
                addScalars(length / width);
                in.skipRawBytes(length);
            } else {
                addScalars(1);
                if (!in.skipField(tag)) {
                    throw new IOException("an unexpected end-group tag");
                }
            }
        }
    }

    private void count(Descriptor type) {
        if (++messages > limits.maxMessages()) {
            throw new ModelFormatException("The file holds more than " + limits.maxMessages() + " protobuf messages.");
        }
        if (type == NODE && ++nodes > limits.maxGraphNodes()) {
            throw new ModelFormatException("The graph has more than " + limits.maxGraphNodes() + " nodes.");
        }
    }

    private void addScalars(long n) {
        scalars += n;
        if (scalars > limits.maxScalars()) {
            throw new ModelFormatException("The file holds more than " + limits.maxScalars() + " repeated values.");
        }
    }
}
