package io.grove.format.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFile;
import io.grove.format.ModelFormat;
import io.grove.format.ModelFormatException;
import io.grove.format.onnx.proto.OnnxProtos.ModelProto;
import io.grove.format.onnx.proto.OnnxProtos.NodeProto;
import io.grove.scoring.Scorer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * ONNX models ({@code model.onnx}), as scikit-learn users convert them with skl2onnx. The file is
 * parsed with Grove's own subset of the ONNX schema and checked by Grove ({@link WireBudget},
 * {@link OnnxModelCheck}) before anything else; a tree ensemble is then compiled to Java
 * ({@link CompiledTreeEnsemble}, kind {@code compiled-forest}), and any other graph is handed to
 * ONNX Runtime ({@link OrtScorer}, kind {@code onnxruntime}) if native code is allowed.
 * Stateless and thread-safe.
 */
@Component
public class OnnxFormat implements ModelFormat {

    private final OnnxLimits limits;

    public OnnxFormat() {
        this(OnnxLimits.DEFAULT);
    }

    /** @param limits the bounds every file is held to */
    public OnnxFormat(OnnxLimits limits) {
        this.limits = limits;
    }

    @Override
    public String name() {
        return "onnx";
    }

    @Override
    public List<String> fileNames() {
        return List.of("model.onnx");
    }

    @Override
    public FormatModel read(ModelFile file, FormatOptions options) {
        try {
            return readChecked(file.bytes(), options);
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // A defect in Grove's reading rather than in the file; still one sentence, never an escape.
            throw new ModelFormatException("The ONNX file could not be read (" + e.getClass().getSimpleName() + ").", e);
        }
    }

    private FormatModel readChecked(byte[] bytes, FormatOptions options) {
        ModelProto model = parse(bytes);
        Map<String, Long> opsets = OnnxModelCheck.check(model, limits);
        GraphSignature signature = GraphSignature.of(model.getGraph());
        Scorer scorer = null;
        if (!options.preferRuntime()) {
            Optional<CompiledTreeEnsemble> compiled = TreeEnsembleCompiler.compile(model.getGraph(), signature, opsets);
            scorer = compiled.orElse(null);
        }
        if (scorer == null) {
            if (!options.allowNative()) {
                throw new ModelFormatException("The graph (" + String.join(", ", operators(model))
                        + ") needs ONNX Runtime, and native code is not allowed.");
            }
            scorer = OrtScorer.open(bytes, signature, options.intraOpThreads());
        }
        OnnxProvenance provenance = new OnnxProvenance(model.getProducerName(), model.getProducerVersion(),
                model.getIrVersion(), opsets, operators(model), scorer.kind(),
                scorer instanceof CompiledTreeEnsemble c ? c.trees() : null);
        return new FormatModel(scorer, signature.output(), signature.features(), signature.positional(),
                signature.classes(), scorer instanceof CompiledTreeEnsemble, "onnx", provenance);
    }

    private ModelProto parse(byte[] bytes) {
        if (bytes.length > limits.maxBytes()) {
            throw new ModelFormatException("The ONNX file has " + bytes.length + " bytes, more than "
                    + limits.maxBytes() + ".");
        }
        WireBudget.check(bytes, limits);
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(limits.maxDepth());
            ModelProto model = ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
            return model;
        } catch (InvalidProtocolBufferException e) {
            throw new ModelFormatException("The file is not a well-formed ONNX protobuf message (" + e.getMessage() + ").");
        } catch (IOException e) {
            throw new ModelFormatException("The file could not be read as protobuf (" + e.getMessage() + ").");
        }
    }

    private static List<String> operators(ModelProto model) {
        TreeSet<String> ops = new TreeSet<>();
        for (NodeProto node : model.getGraph().getNodeList()) {
            ops.add(node.getOpType());
        }
        return List.copyOf(ops);
    }
}
