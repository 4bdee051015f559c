package io.grove.format.onnx;

import static io.grove.format.onnx.OnnxGraphs.FLOAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFormatException;
import io.grove.format.onnx.proto.OnnxProtos.AttributeProto;
import io.grove.format.onnx.proto.OnnxProtos.GraphProto;
import io.grove.format.onnx.proto.OnnxProtos.ModelProto;
import io.grove.format.onnx.proto.OnnxProtos.NodeProto;
import io.grove.format.onnx.proto.OnnxProtos.OperatorSetIdProto;
import io.grove.format.onnx.proto.OnnxProtos.StringStringEntryProto;
import io.grove.format.onnx.proto.OnnxProtos.TensorProto;
import io.grove.format.onnx.proto.OnnxProtos.TypeProto;
import io.grove.format.onnx.proto.OnnxProtos.ValueInfoProto;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * Files made to hurt: each must end in one ModelFormatException whose one-sentence message says
 * what is wrong, raised by Grove's own checks (native code is allowed, so a message from ONNX
 * Runtime would show that a file reached it).
 */
class HostileOnnxFileTest {

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(byte[] bytes) {
        return refused(new OnnxFormat(), bytes);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(OnnxFormat format, byte[] bytes) {
        return assertThatThrownBy(() -> format.read(OnnxFixtures.file(bytes), FormatOptions.DEFAULT))
                .isExactlyInstanceOf(ModelFormatException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotStartWith("ONNX Runtime").doesNotContain("\n")
                        .hasSizeLessThan(400));
    }

    /** A small valid graph: Identity from X to Y, which only ONNX Runtime would score. */
    private static GraphProto.Builder identityGraph() {
        return GraphProto.newBuilder().setName("g").addInput(OnnxGraphs.tensor("X", FLOAT, -1, 1))
                .addOutput(OnnxGraphs.tensor("Y", FLOAT, -1, 1))
                .addNode(OnnxGraphs.node("Identity", "", List.of("X"), List.of("Y")));
    }

    private static byte[] modelOf(GraphProto.Builder graph) {
        return OnnxGraphs.model(graph.build(), 15, 1).build().toByteArray();
    }

    @Test
    void theIdentityGraphItselfIsServedOnOnnxRuntime() {
        try (var scorer = OnnxFixtures.read(modelOf(identityGraph()), FormatOptions.DEFAULT).scorer()) {
            assertThat(scorer.kind()).isEqualTo("onnxruntime");
        }
    }

    @Test
    void truncatedFile() {
        byte[] whole = OnnxFixtures.model("iris-rf-sklearn");
        refused(Arrays.copyOf(whole, whole.length / 2)).hasMessageContaining("protobuf");
    }

    @Test
    void notProtobufAtAll() {
        byte[] junk = new byte[4096];
        Arrays.fill(junk, (byte) 0xFF);
        refused(junk).hasMessageContaining("protobuf");
        refused(new byte[0]).hasMessageContaining("IR version");
    }

    @Test
    void corruptBytesNeverEscapeAsAnythingElse() {
        byte[] whole = OnnxFixtures.model("iris-rf-sklearn");
        SplittableRandom random = new SplittableRandom(7);
        int refused = 0;
        for (int i = 0; i < 300; i++) {
            byte[] bytes = whole.clone();
            for (int k = 0; k < 1 + random.nextInt(8); k++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                OnnxFixtures.read(bytes, OnnxFixtures.NO_NATIVE).scorer().close();
            } catch (ModelFormatException e) {
                refused++;
                assertThat(e.getMessage()).doesNotContain("\n");
            }
        }
        assertThat(refused).isPositive();
    }

    @Test
    void oversizedFile() {
        OnnxLimits small = new OnnxLimits(1000, 32, 1000, 1000, 100, 1000, 1000);
        refused(new OnnxFormat(small), OnnxFixtures.model("iris-rf-sklearn")).hasMessageContaining("more than 1000");
    }

    @Test
    void cyclicGraph() {
        GraphProto.Builder graph = identityGraph().clearNode()
                .addNode(OnnxGraphs.node("Add", "", List.of("X", "B"), List.of("A")))
                .addNode(OnnxGraphs.node("Identity", "", List.of("A"), List.of("B")))
                .addNode(OnnxGraphs.node("Identity", "", List.of("A"), List.of("Y")));
        refused(modelOf(graph)).hasMessageContaining("cycle");
    }

    @Test
    void inputProducedByNothing() {
        GraphProto.Builder graph = identityGraph().clearNode().addNode(OnnxGraphs.node("Add", "", List.of("X", "Z"), List.of("Y")));
        refused(modelOf(graph)).hasMessageContaining("'Z'").hasMessageContaining("produced by nothing");
    }

    @Test
    void cyclicTree() {
        GraphProto.Builder graph = GraphProto.newBuilder().setName("g").addInput(OnnxGraphs.tensor("X", FLOAT, -1, 2))
                .addOutput(OnnxGraphs.tensor("variable", FLOAT, -1, 1))
                .addNode(OnnxGraphs.node("TreeEnsembleRegressor", "ai.onnx.ml", List.of("X"), List.of("variable"),
                        OnnxGraphs.ints("nodes_treeids", 0, 0, 0), OnnxGraphs.ints("nodes_nodeids", 0, 1, 2),
                        OnnxGraphs.ints("nodes_featureids", 0, 1, 0),
                        OnnxGraphs.strings("nodes_modes", "BRANCH_LEQ", "BRANCH_LEQ", "LEAF"),
                        OnnxGraphs.floats("nodes_values", 0, 0, 0), OnnxGraphs.ints("nodes_truenodeids", 1, 0, 0),
                        OnnxGraphs.ints("nodes_falsenodeids", 2, 2, 0), OnnxGraphs.ints("target_treeids", 0),
                        OnnxGraphs.ints("target_nodeids", 2), OnnxGraphs.ints("target_ids", 0),
                        OnnxGraphs.floats("target_weights", 1), OnnxGraphs.integer("n_targets", 1)));
        refused(modelOf(graph)).hasMessageContaining("cycle");
    }

    @Test
    void externalDataPointingOutOfTheRepository() {
        TensorProto external = TensorProto.newBuilder().setName("W").setDataType(FLOAT).addDims(1).setDataLocation(1)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("../../etc/passwd")).build();
        GraphProto.Builder graph = identityGraph().clearNode().addInitializer(external)
                .addNode(OnnxGraphs.node("Add", "", List.of("X", "W"), List.of("Y")));
        refused(modelOf(graph)).hasMessageContaining("external file");
        TensorProto onlyEntries = external.toBuilder().clearDataLocation().build();
        refused(modelOf(graph.setInitializer(0, onlyEntries))).hasMessageContaining("external file");
    }

    @Test
    void hugeDeclaredShapes() {
        GraphProto.Builder input = identityGraph().setInput(0, OnnxGraphs.tensor("X", FLOAT, -1, 1L << 40));
        refused(modelOf(input)).hasMessageContaining("dimension");
        TensorProto huge = TensorProto.newBuilder().setName("W").setDataType(FLOAT).addDims(100_000).addDims(100_000)
                .addDims(100_000).build();
        refused(modelOf(identityGraph().addInitializer(huge))).hasMessageContaining("elements");
        TensorProto lying = TensorProto.newBuilder().setName("W").setDataType(FLOAT).addDims(1000)
                .setRawData(ByteString.copyFrom(new byte[8])).build();
        refused(modelOf(identityGraph().addInitializer(lying))).hasMessageContaining("declares 1000 elements but holds data for 8 bytes");
    }

    @Test
    void unknownOperator() {
        GraphProto.Builder graph = identityGraph().clearNode().addNode(OnnxGraphs.node("Frobnicate", "", List.of("X"), List.of("Y")));
        refused(modelOf(graph)).hasMessage("Unknown operator 'Frobnicate' in domain 'ai.onnx'.");
        GraphProto.Builder custom = identityGraph().clearNode().addNode(OnnxGraphs.node("Gelu", "com.microsoft", List.of("X"), List.of("Y")));
        refused(modelOf(custom)).hasMessage("Unknown operator 'Gelu' in domain 'com.microsoft'.");
    }

    @Test
    void unknownOpsetsAndIrVersions() {
        ModelProto.Builder model = OnnxGraphs.model(identityGraph().build(), 15, 1);
        refused(model.clone().setOpsetImport(0, OperatorSetIdProto.newBuilder().setDomain("").setVersion(999)).build().toByteArray())
                .hasMessageContaining("operator set 999");
        refused(model.clone().setOpsetImport(1, OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(6)).build().toByteArray())
                .hasMessageContaining("ai.onnx.ml operator set 6");
        refused(model.clone().addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1)).build().toByteArray())
                .hasMessageContaining("'com.microsoft'");
        refused(model.clone().setIrVersion(99).build().toByteArray()).hasMessageContaining("IR version 99");
    }

    @Test
    void subgraphsAndFunctions() {
        byte[] subgraph = identityGraph().build().toByteArray();
        // An If whose then_branch is a graph (field 6 of AttributeProto), written on the wire as ONNX does.
        AttributeProto withGraph;
        try {
            withGraph = AttributeProto.parseFrom(concat(AttributeProto.newBuilder().setName("then_branch")
                    .setType(AttributeProto.AttributeType.GRAPH).build().toByteArray(), field(6, subgraph)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        GraphProto.Builder graph = identityGraph().clearNode()
                .addNode(NodeProto.newBuilder(OnnxGraphs.node("If", "", List.of("X"), List.of("Y"))).addAttribute(withGraph));
        refused(modelOf(graph)).hasMessageContaining("subgraph");
        byte[] withFunction = concat(modelOf(identityGraph()), field(25, new byte[] {0x0A, 0x01, 'f'}));
        refused(withFunction).hasMessageContaining("local functions");
    }

    @Test
    void millionsOfNodesAreRefusedBeforeParsing() {
        ByteArrayOutputStream nodes = new ByteArrayOutputStream();
        byte[] emptyNode = {0x0A, 0x00};
        for (int i = 0; i < 3_000_000; i++) {
            nodes.writeBytes(emptyNode);
        }
        byte[] model = concat(OnnxGraphs.model(GraphProto.getDefaultInstance(), 15, 1).clearGraph().build().toByteArray(),
                field(7, nodes.toByteArray()));
        refused(model).hasMessageContaining("more than 100000 nodes");
    }

    @Test
    void deeplyNestedTypes() {
        byte[] type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT)).build().toByteArray();
        for (int i = 0; i < 5_000; i++) {
            type = field(4, field(1, type));
        }
        byte[] value = concat(ValueInfoProto.newBuilder().setName("Z").build().toByteArray(), field(2, type));
        byte[] graph = concat(identityGraph().build().toByteArray(), field(13, value));
        byte[] model = concat(OnnxGraphs.model(GraphProto.getDefaultInstance(), 15, 1).clearGraph().build().toByteArray(),
                field(7, graph));
        refused(model).hasMessageContaining("deeper than 32");
    }

    @Test
    void nativeOnlyGraphsSayWhyWhenNativeCodeIsOff() {
        assertThatThrownBy(() -> OnnxFixtures.read(OnnxFixtures.model("iris-logreg-sklearn"), OnnxFixtures.NO_NATIVE))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("needs ONNX Runtime, and native code is not allowed");
        assertThat(OnnxFixtures.read(OnnxFixtures.model("iris-rf-sklearn"), OnnxFixtures.NO_NATIVE).scorer().kind())
                .isEqualTo("compiled-forest");
    }

    /** A length-delimited field on the wire. */
    static byte[] field(int number, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, (long) number << 3 | 2);
        varint(out, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
