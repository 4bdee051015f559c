package io.grove.format.onnx;

import java.util.List;
import java.util.Map;

/**
 * What an ONNX file says about how it was made, as {@code GET /models/{name}} shows it.
 *
 * @param producer        the converter that wrote the file, such as {@code skl2onnx}
 * @param producerVersion its version
 * @param irVersion       the ONNX IR version
 * @param opsets          the imported operator sets, by domain
 * @param operators       the operators in the graph
 * @param scoredBy        {@code compiled-forest} or {@code onnxruntime}
 * @param trees           the number of trees Grove compiled, or {@code null} when ONNX Runtime scores
 */
public record OnnxProvenance(String producer, String producerVersion, long irVersion, Map<String, Long> opsets,
                             List<String> operators, String scoredBy, Integer trees) {
}
