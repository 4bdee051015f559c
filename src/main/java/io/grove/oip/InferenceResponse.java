package io.grove.oip;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An Open Inference Protocol inference response ({@code $inference_response}).
 *
 * @param modelName    the model that answered
 * @param modelVersion the version that answered
 * @param id           the request's identifier, if it had one
 * @param outputs      the output tensors
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferenceResponse(@JsonProperty("model_name") String modelName,
                                @JsonProperty("model_version") String modelVersion, String id, List<Output> outputs) {

    /**
     * One output tensor ({@code $response_output}).
     *
     * @param name     the output's name
     * @param shape    the tensor's shape
     * @param datatype the tensor's element type
     * @param data     the elements, flat in row-major order
     */
    public record Output(String name, List<Integer> shape, String datatype, Object data) {
    }
}
