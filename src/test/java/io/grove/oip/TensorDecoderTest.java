package io.grove.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grove.oip.InferenceRequest.Input;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/** The inference protocol's tensor decoding, without HTTP. */
class TensorDecoderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Input tensor(String datatype, List<Long> shape, String data) {
        return new Input("features", shape, datatype, null, JSON.readTree(data));
    }

    private static double[][] rows(Input input) {
        return TensorDecoder.rows(input, 4, 3);
    }

    @Test
    void flatAndNestedDataAreReadInRowMajorOrder() {
        double[][] flat = rows(tensor("FP32", List.of(2L, 4L), "[1, 2, 3, 4, 5, 6, 7, 8]"));
        double[][] nested = rows(tensor("FP64", List.of(2L, 4L), "[[1, 2, 3, 4], [5, 6, 7, 8]]"));

        assertThat(flat).isDeepEqualTo(new double[][] {{1, 2, 3, 4}, {5, 6, 7, 8}});
        assertThat(nested).isDeepEqualTo(flat);
    }

    @Test
    void aShapeOfOneRowMayLeaveOutTheRows() {
        assertThat(rows(tensor("INT32", List.of(4L), "[5, 3, 1, 0]"))).isDeepEqualTo(new double[][] {{5, 3, 1, 0}});
    }

    @Test
    void integersMustFitTheirDatatype() {
        assertThat(rows(tensor("UINT8", List.of(1L, 4L), "[0, 1, 254, 255]"))[0]).containsExactly(0, 1, 254, 255);
        refused(tensor("UINT8", List.of(1L, 4L), "[0, 1, 256, 255]"), "data[2] = 256 is not a valid integer of its datatype");
        refused(tensor("INT8", List.of(1L, 4L), "[0, 1, 1.5, 2]"), "data[2] = 1.5 is not a valid integer of its datatype");
    }

    @Test
    void aShapeThatDoesNotFitTheModelOrTheDataIsRefused() {
        refused(tensor("FP32", List.of(1L, 3L), "[1, 2, 3]"), "has shape [1, 3]; expected [rows, 4] with 1 to 3 rows");
        refused(tensor("FP32", List.of(4L, 4L), "[]"), "has shape [4, 4]; expected [rows, 4] with 1 to 3 rows");
        refused(tensor("FP32", List.of(2L, 4L), "[1, 2, 3, 4]"), "has shape [2, 4] (8 elements) but its data holds 4");
        refused(tensor("FP32", List.of(1L, 4L), "[[1, 2], [3, 4]]"), "nested data that does not match its shape");
        refused(tensor("FP32", List.of(1L, 4L), "[1, 2, [3], 4]"), "mixes numbers and arrays");
    }

    @Test
    void onlyNumbersOfANumericDatatypeAreRead() {
        refused(tensor("BYTES", List.of(1L, 4L), "[\"a\", \"b\", \"c\", \"d\"]"), "has datatype BYTES");
        refused(tensor("FP64", List.of(1L, 4L), "[1, 2, \"3\", 4]"), "data[2] is not a number");
        refused(tensor("FP64", List.of(1L, 4L), "{\"a\": 1}"), "needs 'data': an array of 4 numbers");
    }

    private static void refused(Input input, String message) {
        assertThatThrownBy(() -> rows(input)).isInstanceOfSatisfying(OipException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(e.getMessage()).startsWith("input 'features' ").contains(message);
        });
    }
}
