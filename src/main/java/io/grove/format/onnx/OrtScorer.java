package io.grove.format.onnx;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.grove.format.ModelFormatException;
import io.grove.scoring.OutputKind;
import io.grove.scoring.Score;
import io.grove.scoring.Scorer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores rows with ONNX Runtime: one session per model version, created when the version is read
 * and closed with the scorer. A batch is scored in one {@code run}; per row only the input tensor
 * and the outputs are allocated. Float graphs get each value rounded to float32, double graphs the
 * values as they are. A label output (int64 or string) is mapped to its class index, a ZipMap's maps
 * or a probability tensor to probabilities in class order. Thread-safe: ONNX Runtime's
 * {@code OrtSession.run} may be called concurrently.
 */
final class OrtScorer implements Scorer {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final GraphSignature signature;
    private final Map<String, Integer> classIndex = new HashMap<>();

    private OrtScorer(OrtEnvironment env, OrtSession session, GraphSignature signature) {
        this.env = env;
        this.session = session;
        this.signature = signature;
        for (int i = 0; i < signature.classes().size(); i++) {
            classIndex.put(signature.classes().get(i), i);
        }
    }

    /**
     * Creates the session; the model has passed all of Grove's checks.
     *
     * @throws ModelFormatException if ONNX Runtime refuses the model
     */
    static OrtScorer open(byte[] model, GraphSignature signature, int intraOpThreads) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Math.max(1, intraOpThreads));
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            return new OrtScorer(env, env.createSession(model, options), signature);
        } catch (OrtException e) {
            throw new ModelFormatException("ONNX Runtime refuses the model: " + firstLine(e.getMessage()));
        }
    }

    @Override
    public Score score(double[] features) {
        return scoreAll(new double[][] {features})[0];
    }

    @Override
    public Score[] scoreAll(double[][] rows) {
        int n = rows.length;
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try {
            if (signature.inputs().size() == 1) {
                inputs.put(signature.inputs().getFirst(), tensor(rows, 0, signature.width(), signature.width()));
            } else {
                for (int j = 0; j < signature.inputs().size(); j++) {
                    inputs.put(signature.inputs().get(j), tensor(rows, j, 1, signature.width()));
                }
            }
            try (OrtSession.Result result = session.run(inputs)) {
                return signature.output() == OutputKind.REGRESSION ? regressions(result, n) : classifications(result, n);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score: " + firstLine(e.getMessage()), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Columns {@code [from, from + count)} of every row, as a {@code [N, count]} tensor of the graph's type. */
    private OnnxTensor tensor(double[][] rows, int from, int count, int width) throws OrtException {
        long[] shape = {rows.length, count};
        if (signature.inputDouble()) {
            DoubleBuffer buffer = DoubleBuffer.allocate(rows.length * count);
            for (double[] row : rows) {
                checkWidth(row, width);
                buffer.put(row, from, count);
            }
            return OnnxTensor.createTensor(env, buffer.flip(), shape);
        }
        FloatBuffer buffer = FloatBuffer.allocate(rows.length * count);
        for (double[] row : rows) {
            checkWidth(row, width);
            for (int k = from; k < from + count; k++) {
                buffer.put((float) row[k]);
            }
        }
        return OnnxTensor.createTensor(env, buffer.flip(), shape);
    }

    private static void checkWidth(double[] row, int width) {
        if (row.length != width) {
            throw new IllegalArgumentException("expected " + width + " features, got " + row.length);
        }
    }

    private Score[] regressions(OrtSession.Result result, int n) throws OrtException {
        double[] values = numbers(output(result, signature.scoreOutput()), n, 1);
        Score[] out = new Score[n];
        for (int i = 0; i < n; i++) {
            out[i] = new Score.Regression(values[i]);
        }
        return out;
    }

    private Score[] classifications(OrtSession.Result result, int n) throws OrtException {
        int classes = signature.classes().size();
        Object labels = output(result, signature.labelOutput()).getValue();
        OnnxValue scores = output(result, signature.scoreOutput());
        double[] proba = signature.zipMap() ? zipMapped(scores, n, classes) : numbers(scores, n, classes);
        Score[] out = new Score[n];
        for (int i = 0; i < n; i++) {
            String label = labels instanceof long[] l ? Long.toString(l[i]) : ((String[]) labels)[i];
            Integer index = classIndex.get(label);
            if (index == null) {
                throw new IllegalStateException("ONNX Runtime predicted label " + label + ", which is not a class of the model");
            }
            double[] p = new double[classes];
            System.arraycopy(proba, i * classes, p, 0, classes);
            out[i] = new Score.Classification(index, p);
        }
        return out;
    }

    private double[] zipMapped(OnnxValue value, int n, int classes) throws OrtException {
        List<? extends OnnxValue> maps = ((OnnxSequence) value).getValue();
        double[] out = new double[n * classes];
        for (int i = 0; i < n; i++) {
            for (Map.Entry<?, ?> e : ((OnnxMap) maps.get(i)).getValue().entrySet()) {
                Integer k = classIndex.get(e.getKey().toString());
                if (k == null) {
                    throw new IllegalStateException("ZipMap gave a probability for " + e.getKey() + ", not a class of the model");
                }
                out[i * classes + k] = ((Number) e.getValue()).doubleValue();
            }
        }
        return out;
    }

    /** The first {@code columns} values of each of the {@code n} rows of a float or double tensor, row-major. */
    private static double[] numbers(OnnxValue value, int n, int columns) throws OrtException {
        OnnxTensor tensor = (OnnxTensor) value;
        long[] shape = tensor.getInfo().getShape();
        long stride = shape.length < 2 ? 1 : shape[1];
        if (shape.length == 0 || shape[0] != n || stride < columns) {
            throw new IllegalStateException("ONNX Runtime gave an output of shape " + java.util.Arrays.toString(shape));
        }
        double[] out = new double[n * columns];
        if (tensor.getInfo().type == ai.onnxruntime.OnnxJavaType.DOUBLE) {
            DoubleBuffer b = tensor.getDoubleBuffer();
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < columns; k++) {
                    out[i * columns + k] = b.get((int) (i * stride + k));
                }
            }
        } else {
            FloatBuffer b = tensor.getFloatBuffer();
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < columns; k++) {
                    out[i * columns + k] = b.get((int) (i * stride + k));
                }
            }
        }
        return out;
    }

    private static OnnxValue output(OrtSession.Result result, String name) {
        Optional<OnnxValue> value = result.get(name);
        return value.orElseThrow(() -> new IllegalStateException("ONNX Runtime gave no output " + name));
    }

    private static String firstLine(String message) {
        String m = message == null ? "no reason given" : message.strip();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }

    @Override
    public String kind() {
        return "onnxruntime";
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("could not close the ONNX Runtime session", e);
        }
    }
}
