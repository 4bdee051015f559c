package io.grove.warmup;

import io.grove.model.LoadedModel;
import io.grove.scoring.InputSchema;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The requests Grove sends itself, to warm up before readiness ({@link WarmupBeforeReadiness}) and
 * to train the JDK's AOT cache ({@code io.grove.aot.AotTrainingRun}): the mix a serving Grove
 * answers, on the default model, through every front end that carries traffic.
 *
 * <p>The {@code i}-th request of the mix: every 100th an invalid row for {@code /predict}, answered
 * 422; every 20th (from the 10th) a 100-row {@code /predict-batch}; every 20th (from the 5th) one
 * row through the Open Inference Protocol's {@code /v2/models/{name}/infer}; the rest single rows
 * for {@code /predict}. Rows are near the descriptor's example but varied, so that the model's
 * branches are profiled both ways. Immutable; {@link #request} is safe from many threads as long
 * as each passes its own random source.
 */
public final class RequestMix {

    static final int BATCH_ROWS = 100;
    private static final double LN_4 = Math.log(4);

    private final double[] example;
    private final InputSchema schema;
    private final String inferPath;
    private final List<String> names;

    private RequestMix(double[] example, InputSchema schema, String modelName, List<String> names) {
        this.example = example;
        this.schema = schema;
        this.inferPath = "/v2/models/" + modelName + "/infer";
        this.names = names;
    }

    /**
     * The mix for {@code model}: its example row, its input rules, its name. A model that takes named
     * features only gets its rows by name, and no inference-protocol request (whose tensors are positional).
     */
    public static RequestMix of(LoadedModel model) {
        return new RequestMix(model.signature().example().stream().mapToDouble(Double::doubleValue).toArray(),
                model.schema(), model.name(), model.schema().positional() ? null : model.signature().featureNames());
    }

    /** The {@code i}-th request of the mix, its rows drawn from {@code random}. */
    public SelfRequest request(int i, SplittableRandom random) {
        if (i % 100 == 99) {
            return new SelfRequest("/predict", "{\"features\":[]}", 422);
        } else if (i % 20 == 10) {
            String rows = IntStream.range(0, BATCH_ROWS)
                    .mapToObj(r -> json(near(random)))
                    .collect(Collectors.joining(",", "{\"rows\":[", "]}"));
            return new SelfRequest("/predict-batch", rows, 200);
        } else if (i % 20 == 5 && names == null) {
            return new SelfRequest(inferPath, "{\"inputs\":[{\"name\":\"features\",\"shape\":[1," + example.length
                    + "],\"datatype\":\"FP64\",\"data\":" + json(near(random)) + "}]}", 200);
        }
        return new SelfRequest("/predict", "{\"features\":" + json(near(random)) + "}", 200);
    }

    /**
     * The example with each value scaled by its own factor between a quarter and four, or the
     * example itself if that breaks one of the model's input rules.
     */
    private double[] near(SplittableRandom random) {
        double[] row = new double[example.length];
        for (int i = 0; i < row.length; i++) {
            row[i] = example[i] * Math.exp(random.nextDouble(-LN_4, LN_4));
        }
        return schema.isValid(row) ? row : example;
    }

    private String json(double[] row) {
        if (names != null) {
            return IntStream.range(0, row.length).mapToObj(f -> "\"" + names.get(f) + "\":" + row[f])
                    .collect(Collectors.joining(",", "{", "}"));
        }
        return Arrays.stream(row).mapToObj(Double::toString).collect(Collectors.joining(",", "[", "]"));
    }

    /**
     * One POST of a JSON body and the status it must be answered with.
     *
     * @param path           the path, from the server's root
     * @param body           the JSON body
     * @param expectedStatus the only acceptable answer, beside a 503 of admission control
     */
    public record SelfRequest(String path, String body, int expectedStatus) {
    }
}
