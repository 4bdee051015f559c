package io.grove.oip;

import io.grove.oip.InferenceRequest.Input;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Turns an input tensor into rows of feature values: checks the datatype, checks the shape
 * ({@code [rows, features]}, or {@code [features]} for one row) against the model and against the
 * data, and reads the data flat or nested in row-major order. Stateless and thread-safe; every
 * refusal is an {@link OipException} answering 400.
 */
final class TensorDecoder {

    /** Integer datatypes and the range of values each holds. */
    private static final Map<String, long[]> INTEGER_RANGES = Map.of(
            "INT8", new long[]{Byte.MIN_VALUE, Byte.MAX_VALUE},
            "INT16", new long[]{Short.MIN_VALUE, Short.MAX_VALUE},
            "INT32", new long[]{Integer.MIN_VALUE, Integer.MAX_VALUE},
            "INT64", new long[]{Long.MIN_VALUE, Long.MAX_VALUE},
            "UINT8", new long[]{0, 0xFF},
            "UINT16", new long[]{0, 0xFFFF},
            "UINT32", new long[]{0, 0xFFFF_FFFFL},
            "UINT64", new long[]{0, Long.MAX_VALUE});

    private TensorDecoder() {
    }

    /**
     * Reads the rows of an input tensor.
     *
     * @param input   the tensor
     * @param width   the number of features the model takes
     * @param maxRows the most rows a request may carry
     * @return one array of {@code width} values per row
     * @throws OipException if the tensor's datatype, shape or data is not acceptable
     */
    static double[][] rows(Input input, int width, int maxRows) {
        String tensor = "input '" + input.name() + "'";
        String datatype = input.datatype();
        boolean floating = "FP32".equals(datatype) || "FP64".equals(datatype);
        long[] range = datatype == null ? null : INTEGER_RANGES.get(datatype);
        if (!floating && range == null) {
            throw OipException.badRequest(tensor + " has datatype " + datatype
                    + "; expected FP32, FP64 or an integer type (INT8..INT64, UINT8..UINT64)");
        }
        int rows = rowCount(tensor, input.shape(), width, maxRows);
        if (input.data() == null || !input.data().isArray()) {
            throw OipException.badRequest(tensor + " needs 'data': an array of " + (long) rows * width + " numbers");
        }
        double[] flat = new double[rows * width];
        int count = flatten(tensor, input.data(), input.shape(), 0, flat, new int[1], range);
        if (count != flat.length) {
            throw OipException.badRequest(tensor + " has shape " + input.shape() + " (" + flat.length
                    + " elements) but its data holds " + count);
        }
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = java.util.Arrays.copyOfRange(flat, r * width, (r + 1) * width);
        }
        return out;
    }

    private static int rowCount(String tensor, List<Long> shape, int width, int maxRows) {
        if (shape != null && shape.size() == 1 && shape.getFirst() != null && shape.getFirst() == width) {
            return 1;
        }
        if (shape == null || shape.size() != 2 || shape.get(0) == null || shape.get(1) == null
                || shape.get(1) != width || shape.get(0) < 1 || shape.get(0) > maxRows) {
            throw OipException.badRequest(tensor + " has shape " + shape + "; expected [rows, " + width
                    + "] with 1 to " + maxRows + " rows, or [" + width + "] for one row");
        }
        return shape.get(0).intValue();
    }

    /**
     * Copies the numbers of {@code node} into {@code out}, checking any nesting against the shape.
     *
     * @return how many numbers the data holds (it may be more than {@code out} has room for)
     */
    private static int flatten(String tensor, JsonNode node, List<Long> shape, int depth, double[] out, int[] next,
                               long[] range) {
        boolean nested = node.size() > 0 && node.get(0).isArray();
        if (nested && (depth >= shape.size() - 1 || node.size() != shape.get(depth))) {
            throw OipException.badRequest(tensor + " has nested data that does not match its shape " + shape);
        }
        int count = 0;
        for (JsonNode element : node) {
            if (nested != element.isArray()) {
                throw OipException.badRequest(tensor + " mixes numbers and arrays at the same level of its data");
            }
            if (nested) {
                count += flatten(tensor, element, shape, depth + 1, out, next, range);
            } else {
                double value = number(tensor, element, next[0], range);
                if (next[0] < out.length) {
                    out[next[0]] = value;
                }
                next[0]++;
                count++;
            }
        }
        if (depth > 0 && !nested && node.size() != shape.get(depth)) {
            throw OipException.badRequest(tensor + " has nested data that does not match its shape " + shape);
        }
        return count;
    }

    private static double number(String tensor, JsonNode element, int index, long[] range) {
        if (!element.isNumber()) {
            throw OipException.badRequest(tensor + " data[" + index + "] is not a number");
        }
        if (range == null) {
            return element.doubleValue();
        }
        if (!element.isIntegralNumber() || !element.canConvertToLong()
                || element.longValue() < range[0] || element.longValue() > range[1]) {
            throw OipException.badRequest(tensor + " data[" + index + "] = " + element + " is not a valid integer of its datatype");
        }
        return element.longValue();
    }
}
