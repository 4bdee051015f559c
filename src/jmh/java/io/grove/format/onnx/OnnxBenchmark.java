package io.grove.format.onnx;

import com.google.protobuf.ByteString;
import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFile;
import io.grove.format.onnx.proto.OnnxProtos.AttributeProto;
import io.grove.format.onnx.proto.OnnxProtos.AttributeProto.AttributeType;
import io.grove.format.onnx.proto.OnnxProtos.GraphProto;
import io.grove.format.onnx.proto.OnnxProtos.ModelProto;
import io.grove.format.onnx.proto.OnnxProtos.NodeProto;
import io.grove.format.onnx.proto.OnnxProtos.OperatorSetIdProto;
import io.grove.format.onnx.proto.OnnxProtos.TensorProto;
import io.grove.format.onnx.proto.OnnxProtos.TensorShapeProto;
import io.grove.format.onnx.proto.OnnxProtos.TypeProto;
import io.grove.format.onnx.proto.OnnxProtos.ValueInfoProto;
import io.grove.scoring.Score;
import io.grove.scoring.Scorer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ONNX tree ensembles compiled by Grove against ONNX Runtime's Java API (one intra-op thread), per
 * row at batch 1 and in 1,000-row batches, on the scikit-learn fixtures and on a large forest built
 * here with the protobuf builders (500 trees of depth 10 over 50 features, 3 classes). Rows cycle
 * through 1,000 uniform random rows. Run with
 * {@code ./mvnw -q -Pjmh compile exec:exec@jmh -Djmh.args="OnnxBenchmark -prof gc"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class OnnxBenchmark {

    static final String LARGE = "forest-500x10x50";

    @Param({"iris-rf-sklearn", "diabetes-gbr-sklearn", "breast-cancer-hgb-sklearn", LARGE})
    String model;

    @Param({"compiled", "onnxruntime"})
    String runtime;

    Scorer scorer;
    double[][] rows;
    int next;

    @Setup(Level.Trial)
    public void load() throws IOException {
        byte[] bytes = model.equals(LARGE) ? largeForest(500, 10, 50, 3)
                : Files.readAllBytes(Path.of("src/test/resources/io/grove/format/onnx", model, "model.onnx"));
        FormatOptions options = new FormatOptions(true, runtime.equals("onnxruntime"), 1);
        FormatModel read = new OnnxFormat().read(new ModelFile("model.onnx", Path.of(model), bytes), options);
        scorer = read.scorer();
        if (!scorer.kind().equals(runtime.equals("compiled") ? "compiled-forest" : "onnxruntime")) {
            throw new IllegalStateException(model + " is scored by " + scorer.kind());
        }
        SplittableRandom random = new SplittableRandom(42);
        int width = read.features().size();
        rows = new double[1000][width];
        if (model.equals(LARGE)) {
            // Its thresholds are uniform in [0, 1), and so are its rows.
            for (double[] row : rows) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = random.nextDouble();
                }
            }
            return;
        }
        // The fixture's own rows, shuffled: rows from elsewhere would take the same path through most
        // trees and let the CPU predict every branch of a walk that real traffic mispredicts.
        List<double[]> data = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/io/grove/format/onnx", model, "expected.csv"))
                .stream().skip(1).toList()) {
            String[] fields = line.split(",");
            double[] row = new double[width];
            for (int k = 0; k < width; k++) {
                row[k] = Double.parseDouble(fields[k]);
            }
            data.add(row);
        }
        for (int i = 0; i < rows.length; i++) {
            rows[i] = data.get(random.nextInt(data.size()));
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        scorer.close();
    }

    @Benchmark
    public Score oneRow() {
        double[] row = rows[next];
        next = next + 1 == rows.length ? 0 : next + 1;
        return scorer.score(row);
    }

    /** Per row, in a batch of 1,000. */
    @Benchmark
    @OperationsPerInvocation(1000)
    public Score[] batchOf1000() {
        return scorer.scoreAll(rows);
    }

    /** A full-depth TreeEnsembleClassifier with one weight per leaf, thresholds and weights uniform in [0, 1). */
    static byte[] largeForest(int trees, int depth, int features, int classes) {
        SplittableRandom random = new SplittableRandom(7);
        int perTree = (1 << (depth + 1)) - 1;
        int splits = (1 << depth) - 1;
        AttributeProto.Builder treeIds = ints("nodes_treeids"), nodeIds = ints("nodes_nodeids"),
                featureIds = ints("nodes_featureids"), trueIds = ints("nodes_truenodeids"),
                falseIds = ints("nodes_falsenodeids"), classTree = ints("class_treeids"), classNode = ints("class_nodeids"),
                classIds = ints("class_ids"), labels = ints("classlabels_int64s");
        AttributeProto.Builder values = floats("nodes_values"), weights = floats("class_weights");
        AttributeProto.Builder modes = AttributeProto.newBuilder().setName("nodes_modes").setType(AttributeType.STRINGS);
        ByteString leq = ByteString.copyFrom("BRANCH_LEQ", StandardCharsets.UTF_8);
        ByteString leaf = ByteString.copyFrom("LEAF", StandardCharsets.UTF_8);
        for (int t = 0; t < trees; t++) {
            for (int i = 0; i < perTree; i++) {
                boolean split = i < splits;
                treeIds.addInts(t);
                nodeIds.addInts(i);
                featureIds.addInts(split ? random.nextInt(features) : 0);
                trueIds.addInts(split ? 2L * i + 1 : 0);
                falseIds.addInts(split ? 2L * i + 2 : 0);
                values.addFloats(split ? (float) random.nextDouble() : 0f);
                modes.addStrings(split ? leq : leaf);
                if (!split) {
                    classTree.addInts(t);
                    classNode.addInts(i);
                    classIds.addInts(random.nextInt(classes));
                    weights.addFloats((float) random.nextDouble());
                }
            }
        }
        for (int c = 0; c < classes; c++) {
            labels.addInts(c);
        }
        NodeProto tree = NodeProto.newBuilder().setOpType("TreeEnsembleClassifier").setDomain("ai.onnx.ml")
                .addInput("X").addOutput("label").addOutput("probabilities")
                .addAttribute(treeIds).addAttribute(nodeIds).addAttribute(featureIds).addAttribute(trueIds)
                .addAttribute(falseIds).addAttribute(values).addAttribute(modes).addAttribute(classTree)
                .addAttribute(classNode).addAttribute(classIds).addAttribute(weights).addAttribute(labels)
                .addAttribute(AttributeProto.newBuilder().setName("post_transform").setType(AttributeType.STRING)
                        .setS(ByteString.copyFrom("NONE", StandardCharsets.UTF_8)))
                .build();
        GraphProto graph = GraphProto.newBuilder().setName("large").addNode(tree)
                .addInput(tensor("X", TensorProto.DataType.FLOAT_VALUE, features))
                .addOutput(tensor("label", TensorProto.DataType.INT64_VALUE, 0))
                .addOutput(tensor("probabilities", TensorProto.DataType.FLOAT_VALUE, classes)).build();
        return ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(15))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(1))
                .build().toByteArray();
    }

    private static AttributeProto.Builder ints(String name) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
    }

    private static AttributeProto.Builder floats(String name) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOATS);
    }

    /** {@code [N, columns]}, or {@code [N]} when columns is 0. */
    private static ValueInfoProto tensor(String name, int type, int columns) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        if (columns > 0) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(columns));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape))).build();
    }
}
