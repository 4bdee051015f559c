package io.grove.oip;

import java.util.List;

/**
 * Open Inference Protocol model metadata ({@code $metadata_model_response}).
 *
 * @param name     the model's name
 * @param versions the versions that can be asked for explicitly (those ready to serve)
 * @param platform the model's framework: {@code tribuo}, {@code onnx}, {@code xgboost}, {@code lightgbm}
 * @param inputs   the input tensors the model takes
 * @param outputs  the output tensors it produces
 */
public record ModelMetadataResponse(String name, List<String> versions, String platform, List<Tensor> inputs,
                                    List<Tensor> outputs) {

    /**
     * A tensor's description ({@code $metadata_tensor}); {@code -1} in a shape means any size.
     *
     * @param name     the tensor's name
     * @param datatype the element type
     * @param shape    the shape
     */
    public record Tensor(String name, String datatype, List<Integer> shape) {
    }
}
