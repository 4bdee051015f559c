package io.grove.format.onnx;

import com.google.protobuf.ByteString;
import io.grove.format.ModelFormatException;
import io.grove.format.onnx.proto.OnnxProtos.AttributeProto;
import io.grove.format.onnx.proto.OnnxProtos.NodeProto;
import io.grove.format.onnx.proto.OnnxProtos.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One node's attributes by name, read as ONNX Runtime reads them (a missing attribute is its default). */
final class Attributes {

    private final NodeProto node;
    private final Map<String, AttributeProto> byName = new HashMap<>();

    Attributes(NodeProto node) {
        this.node = node;
        for (AttributeProto a : node.getAttributeList()) {
            if (byName.put(a.getName(), a) != null) {
                throw new ModelFormatException("Node " + Shown.name(OnnxModelCheck.describe(node)) + " has attribute "
                        + Shown.name(a.getName()) + " twice.");
            }
        }
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    long[] ints(String name) {
        AttributeProto a = byName.get(name);
        return a == null ? new long[0] : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    double[] floats(String name) {
        AttributeProto a = byName.get(name);
        if (a == null) {
            return new double[0];
        }
        double[] out = new double[a.getFloatsCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getFloats(i);
        }
        return out;
    }

    String[] strings(String name) {
        AttributeProto a = byName.get(name);
        return a == null ? new String[0] : a.getStringsList().stream().map(Attributes::utf8).toArray(String[]::new);
    }

    String string(String name, String otherwise) {
        AttributeProto a = byName.get(name);
        return a == null ? otherwise : utf8(a.getS());
    }

    long integer(String name, long otherwise) {
        AttributeProto a = byName.get(name);
        return a == null ? otherwise : a.getI();
    }

    /** A tensor attribute's values as doubles ({@code *_as_tensor}); empty if absent. */
    double[] tensorAsDoubles(String name) {
        AttributeProto a = byName.get(name);
        if (a == null) {
            return new double[0];
        }
        TensorProto t = a.getT();
        TensorProto.DataType type = TensorProto.DataType.forNumber(t.getDataType());
        if (type != TensorProto.DataType.DOUBLE && type != TensorProto.DataType.FLOAT) {
            throw new ModelFormatException("Attribute " + Shown.name(name) + " of " + Shown.name(OnnxModelCheck.describe(node))
                    + " must be a float or double tensor.");
        }
        if (t.hasRawData()) {
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            int n = type == TensorProto.DataType.DOUBLE ? raw.remaining() / 8 : raw.remaining() / 4;
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = type == TensorProto.DataType.DOUBLE ? raw.getDouble() : raw.getFloat();
            }
            return out;
        }
        List<? extends Number> values = type == TensorProto.DataType.DOUBLE ? t.getDoubleDataList() : t.getFloatDataList();
        return values.stream().mapToDouble(Number::doubleValue).toArray();
    }

    /** A tensor attribute's element type, or 0 if absent. */
    int tensorType(String name) {
        AttributeProto a = byName.get(name);
        return a == null ? 0 : a.getT().getDataType();
    }

    /** A uint8 or int32 tensor attribute's values (opset 5's {@code nodes_modes}); empty if absent. */
    int[] tensorAsInts(String name) {
        AttributeProto a = byName.get(name);
        if (a == null) {
            return new int[0];
        }
        TensorProto t = a.getT();
        if (t.hasRawData() && t.getDataType() == TensorProto.DataType.UINT8_VALUE) {
            byte[] raw = t.getRawData().toByteArray();
            int[] out = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                out[i] = raw[i] & 0xFF;
            }
            return out;
        }
        if (t.hasRawData()) {
            throw new ModelFormatException("Attribute " + Shown.name(name) + " of " + Shown.name(OnnxModelCheck.describe(node))
                    + " must be a uint8 tensor.");
        }
        return t.getInt32DataList().stream().mapToInt(Integer::intValue).toArray();
    }

    private static String utf8(ByteString s) {
        return s.toString(StandardCharsets.UTF_8);
    }
}
