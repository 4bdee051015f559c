package io.grove.oip;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An Open Inference Protocol inference request ({@code $inference_request}).
 *
 * @param id         an identifier echoed in the response, may be {@code null}
 * @param parameters request parameters; none are acted on
 * @param inputs     the input tensors
 * @param outputs    the outputs wanted; {@code null} or empty means all
 */
public record InferenceRequest(String id, Map<String, Object> parameters, List<Input> inputs, List<Output> outputs) {

    /**
     * One input tensor ({@code $request_input}).
     *
     * @param name       the tensor's name
     * @param shape      the tensor's shape
     * @param datatype   the tensor's element type, such as {@code FP32}
     * @param parameters tensor parameters; none are acted on
     * @param data       the elements in row-major order, flat or nested by shape
     */
    public record Input(String name, List<Long> shape, String datatype, Map<String, Object> parameters, JsonNode data) {
    }

    /**
     * One requested output ({@code $request_output}).
     *
     * @param name       the output's name
     * @param parameters output parameters; none are acted on
     */
    public record Output(String name, Map<String, Object> parameters) {
    }
}
