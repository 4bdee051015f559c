package io.grove.format.xgboost;

import io.grove.scoring.Expf;
import static io.grove.format.xgboost.TestModels.booster;
import static io.grove.format.xgboost.TestModels.learner;
import static io.grove.format.xgboost.TestModels.list;
import static io.grove.format.xgboost.TestModels.map;
import static io.grove.format.xgboost.TestModels.minimal;
import static io.grove.format.xgboost.TestModels.param;
import static io.grove.format.xgboost.TestModels.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grove.format.FormatModel;
import io.grove.format.ModelFormatException;
import io.grove.scoring.Score;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Files that are malformed, hostile or use what Grove does not serve: each is refused with a
 * {@link ModelFormatException} whose one sentence says why, in JSON and in UBJSON alike, and
 * nothing else escapes (no stack overflow, no out-of-memory, no runtime exception).
 */
class XGBoostHostileFileTest {

    @Test
    void theMinimalModelLoadsAndScoresBothWays() {
        for (FormatModel model : new FormatModel[] {TestModels.loadJson(minimal()), TestModels.loadUbj(minimal())}) {
            assertThat(model.features()).containsExactly("f0", "f1");
            float left = 1.0f / (Expf.expf(1.0f) + 1.0f + 1e-16f);
            float right = 1.0f / (Expf.expf(-1.0f) + 1.0f + 1e-16f);
            assertThat(proba(model, 0.25, 9)).isEqualTo(left);
            assertThat(proba(model, Math.nextDown(0.5f), 9)).isEqualTo(left);
            assertThat(proba(model, Math.nextDown(0.5), 9)).as("a double just below 0.5 is 0.5 as a float").isEqualTo(right);
            assertThat(proba(model, 0.5, 9)).isEqualTo(right);
            assertThat(proba(model, Double.NaN, 9)).as("missing goes left").isEqualTo(left);
        }
    }

    @Test
    void aTreeHundredThousandLevelsDeepLoadsAndScoresWithoutRecursion() {
        int depth = 100_000;
        int n = 2 * depth + 1;
        int[] left = new int[n];
        int[] right = new int[n];
        int[] feature = new int[n];
        float[] condition = new float[n];
        int[] defaultLeft = new int[n];
        Arrays.fill(left, -1);
        Arrays.fill(right, -1);
        for (int k = 0; k < depth; k++) {
            left[2 * k] = 2 * k + 1;
            right[2 * k] = 2 * k + 2;
            condition[2 * k] = k;
            condition[2 * k + 1] = -k;
        }
        condition[n - 1] = 42.0f;
        Map<String, Object> doc = minimal();
        Map<String, Object> tree = tree(doc, 0);
        tree.putAll(map("tree_param", map("num_nodes", Integer.toString(n), "num_feature", "2", "size_leaf_vector", "1"),
                "left_children", left, "right_children", right, "split_indices", feature, "split_conditions", condition,
                "default_left", defaultLeft));
        tree.remove("split_type");
        tree.remove("parents");
        param(doc).put("base_score", "5E-1");
        learner(doc).put("objective", map("name", "reg:squarederror"));
        for (FormatModel model : new FormatModel[] {TestModels.loadJson(doc), TestModels.loadUbj(doc)}) {
            assertThat(((Score.Regression) model.scorer().score(new double[] {1e9, 0})).value()).isEqualTo(42.5);
            assertThat(((Score.Regression) model.scorer().score(new double[] {50_000.5, 0})).value()).isEqualTo(0.5 - 50_001);
            Score[] batch = model.scorer().scoreAll(new double[][] {{1e9, 0}, {50_000.5, 0}, {Double.NaN, 0}});
            // NaN takes each split's default, right here, down to the last leaf
            assertThat(batch).as("a batch walks a deep tree row by row, to the same leaves")
                    .extracting(s -> ((Score.Regression) s).value()).containsExactly(42.5, 0.5 - 50_001, 42.5);
        }
    }

    @Test
    void childIndicesOutOfRangeAreRefused() {
        refused(d -> tree(d, 0).put("left_children", list(7, -1, -1)), "Tree 0 node 0 has child 7, outside 1..2");
        refused(d -> tree(d, 0).put("right_children", list(-5, -1, -1)), "Tree 0 node 0 has child -5");
    }

    @Test
    void aChildPointingBackIsRefusedAsNotATree() {
        refused(d -> {
            tree(d, 0).putAll(map("tree_param", map("num_nodes", "3", "size_leaf_vector", "1"),
                    "left_children", list(1, 0, -1), "right_children", list(2, 2, -1)));
        }, "Tree 0 node 1 has child 0");
        refused(d -> tree(d, 0).putAll(map("tree_param", map("num_nodes", "5", "size_leaf_vector", "1"),
                "left_children", list(1, 3, -1, 1, -1), "right_children", list(2, 4, -1, 4, -1),
                "split_indices", list(0, 0, 0, 0, 0), "split_conditions", list(0f, 0f, 0f, 0f, 0f),
                "default_left", list(0, 0, 0, 0, 0))), "do not form a tree");
    }

    @Test
    void aFeatureBeyondNumFeatureIsRefused() {
        refused(d -> tree(d, 0).put("split_indices", list(2, 0, 0)), "splits on feature 2, but the model has 2 features");
        refused(d -> tree(d, 0).put("split_indices", list(-1, 0, 0)), "splits on feature -1");
    }

    @Test
    void nonFiniteThresholdsAndLeavesAreRefused() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            Map<String, Object> doc = minimal();
            tree(doc, 0).put("split_conditions", new float[] {bad, -1, 1});
            assertRefused(TestModels.ubj(doc), XGBoostFormat.UBJSON_FILE, "split condition that is not finite");
            doc = minimal();
            tree(doc, 0).put("split_conditions", new float[] {0.5f, bad, 1});
            assertRefused(TestModels.ubj(doc), XGBoostFormat.UBJSON_FILE, "leaf value that is not finite");
        }
        // JSON has no NaN; a decimal beyond float's range reads as infinity.
        String json = new String(TestModels.json(minimal()), StandardCharsets.UTF_8);
        assertThat(json).contains("[0.5,-1.0,1.0]");
        assertRefused(json.replace("[0.5,-1.0,1.0]", "[1e39,-1.0,1.0]").getBytes(StandardCharsets.UTF_8),
                XGBoostFormat.JSON_FILE, "split condition that is not finite");
    }

    @Test
    void unsupportedBoostersObjectivesAndModelsAreRefused() {
        refused(d -> booster(d).put("name", "dart"), "The booster \"dart\" is not supported");
        refused(d -> booster(d).put("name", "gblinear"), "The booster \"gblinear\" is not supported");
        refused(d -> learner(d).put("objective", map("name", "survival:cox")), "The objective \"survival:cox\" is not supported");
        refused(d -> tree(d, 0).put("split_type", list(1, 0, 0)), "categorical splits, which are not supported");
        refused(d -> param(d).put("num_target", "2"), "Multi-target models");
        refused(d -> tree(d, 0).put("tree_param", map("num_nodes", "3", "size_leaf_vector", "3")), "vector leaves");
        refused(d -> learner(d).put("objective", map("name", "multi:softprob")), "needs num_class of at least 2, not 0");
        refused(d -> param(d).put("num_class", "3"), "has num_class 3; only multi:softprob and multi:softmax have classes");
    }

    @Test
    void inconsistentModelsAreRefused() {
        refused(d -> param(d).put("num_feature", "0"), "\"learner.learner_model_param.num_feature\" is \"0\", not an integer from 1");
        refused(d -> param(d).put("num_feature", "many"), "is \"many\", not an integer");
        refused(d -> param(d).put("num_feature", 2), "is the number 2, not a string");
        refused(d -> tree(d, 0).put("tree_param", map("num_nodes", "4", "size_leaf_vector", "1")), "3 left_children for num_nodes 4");
        refused(d -> tree(d, 0).put("default_left", list(1, 0)), "node arrays of different lengths");
        refused(d -> tree(d, 0).put("split_conditions", "none"), "is the string \"none\", not an array of numbers");
        refused(d -> tree(d, 0).remove("right_children"), "has no \"learner.gradient_booster.model.trees[0].right_children\"");
        refused(d -> ((Map<String, Object>) booster(d).get("model")).put("tree_info", list(0, 0)), "1 trees but 2 tree_info");
        refused(d -> ((Map<String, Object>) booster(d).get("model")).put("tree_info", list(1)), "belongs to output group 1");
        refused(d -> learner(d).put("feature_names", list("a")), "1 feature names but num_feature 2");
        refused(d -> learner(d).put("feature_names", list("a", "a")), "\"a\" appears twice");
        refused(d -> learner(d).remove("gradient_booster"), "has no \"learner.gradient_booster\"");
        refused(d -> d.put("learner", list()), "\"learner\" is an array, not an object");
    }

    @Test
    void badBaseScoresAreRefused() {
        refused(d -> param(d).put("base_score", "abc"), "The base_score \"abc\" is not a number");
        refused(d -> param(d).put("base_score", "NaN"), "is not a number");
        refused(d -> param(d).put("base_score", "[5E-1,5E-1]"), "The base_score has 2 values, but the model has 1");
        refused(d -> param(d).put("base_score", "1.5"), "The base_score 1.5 has no finite margin under binary:logistic");
        refused(d -> param(d).put("base_score", "1E39"), "is not finite");
    }

    @Test
    void baseScoresAsVectorsOrScalarsAreRead() {
        Map<String, Object> doc = minimal();
        param(doc).put("base_score", "[2.5E-1]");
        assertThat(((XGBoostProvenance) TestModels.loadUbj(doc).provenance()).baseScore()).containsExactly(0.25f);
        param(doc).put("base_score", "(2.5E-1)");
        assertThat(((XGBoostProvenance) TestModels.loadJson(doc).provenance()).baseScore()).containsExactly(0.25f);
    }

    @Test
    void truncatedFilesAreRefused() {
        for (String file : new String[] {"model.ubj", "model.json"}) {
            byte[] whole = XGBoostFixturesTest.bytes("iris-xgb/" + file);
            for (int i = 0; i < 400; i++) {
                int cut = (int) ((long) whole.length * i / 400);
                assertThatThrownBy(() -> TestModels.load(file, Arrays.copyOf(whole, cut)))
                        .as("%s cut at %d", file, cut).isExactlyInstanceOf(ModelFormatException.class);
            }
        }
        assertRefused(Arrays.copyOf(XGBoostFixturesTest.bytes("iris-xgb/model.ubj"), 1000), XGBoostFormat.UBJSON_FILE,
                "The UBJSON model is malformed at byte");
    }

    @Test
    void arraysClaimingGigabytesAreRefusedBeforeAllocating() {
        for (char type : new char[] {'d', 'L', 'U'}) {
            ByteBuffer b = ByteBuffer.allocate(64);
            b.put((byte) '[').put((byte) '$').put((byte) type).put((byte) '#').put((byte) 'L').putLong(Long.MAX_VALUE / 16);
            assertRefused(Arrays.copyOf(b.array(), b.position()), XGBoostFormat.UBJSON_FILE, "a length or count of");
        }
        for (char type : new char[] {'d', 'L', 'l', 'D'}) {
            ByteBuffer b = ByteBuffer.allocate(64);
            b.put((byte) '[').put((byte) '$').put((byte) type).put((byte) '#').put((byte) 'l').putInt(6).putLong(0);
            assertRefused(Arrays.copyOf(b.array(), b.position()), XGBoostFormat.UBJSON_FILE, "a typed array claims 6 elements");
        }
        assertRefused(new byte[] {'[', '#', 'l', 0x7f, 0, 0, 0, 'Z'}, XGBoostFormat.UBJSON_FILE, "exceeds the 1 bytes that remain");
        assertRefused(new byte[] {'S', 'I', (byte) 0xff, (byte) 0xff}, XGBoostFormat.UBJSON_FILE, "is negative");
        assertRefused(new byte[] {'{', 'L', 0x10, 0, 0, 0, 0, 0, 0, 0}, XGBoostFormat.UBJSON_FILE, "exceeds");
    }

    @Test
    void deepNestingIsRefusedAtAFixedDepth() {
        byte[] ubj = new byte[100_000];
        Arrays.fill(ubj, (byte) '[');
        assertRefused(ubj, XGBoostFormat.UBJSON_FILE, "nest deeper than 32 levels");
        assertRefused("[".repeat(100_000).getBytes(StandardCharsets.UTF_8), XGBoostFormat.JSON_FILE, "The JSON model is malformed");
    }

    @Test
    void otherMalformedContentIsRefused() {
        assertRefused(new byte[0], XGBoostFormat.UBJSON_FILE, "truncated");
        assertRefused(new byte[0], XGBoostFormat.JSON_FILE, "The JSON model is empty");
        assertRefused("{\"learner\": 1} 2".getBytes(StandardCharsets.UTF_8), XGBoostFormat.JSON_FILE, "content after its end");
        assertRefused("{\"a\": 1, \"a\": 2}".getBytes(StandardCharsets.UTF_8), XGBoostFormat.JSON_FILE, "Duplicate");
        assertRefused(new byte[] {'{', 'i', 1, 'a', 'Z', 'i', 1, 'a', 'Z', '}'}, XGBoostFormat.UBJSON_FILE, "appears twice");
        assertRefused(new byte[] {'Z', 'Z'}, XGBoostFormat.UBJSON_FILE, "bytes follow the end");
        assertRefused(new byte[] {'H', 'i', 1, '1'}, XGBoostFormat.UBJSON_FILE, "high-precision");
        assertRefused(new byte[] {'S', 'i', 1, (byte) 0xff}, XGBoostFormat.UBJSON_FILE, "not valid UTF-8");
        assertRefused(new byte[] {'q'}, XGBoostFormat.UBJSON_FILE, "unknown type marker 'q'");
        assertRefused("[1]".getBytes(StandardCharsets.UTF_8), XGBoostFormat.JSON_FILE, "is an array, not an object");
        assertRefused("{}".getBytes(StandardCharsets.UTF_8), "model.bin", "named model.json or model.ubj");
        assertRefused("{\"version\": [99999999999]}".getBytes(StandardCharsets.UTF_8), XGBoostFormat.JSON_FILE, "beyond 32 bits");
    }

    private static float proba(FormatModel model, double x0, double x1) {
        return (float) ((Score.Classification) model.scorer().score(new double[] {x0, x1})).proba()[1];
    }

    /** The minimal model changed by {@code change} is refused, as JSON and as UBJSON, saying {@code message}. */
    private static void refused(Consumer<Map<String, Object>> change, String message) {
        Map<String, Object> doc = minimal();
        change.accept(doc);
        assertRefused(TestModels.json(doc), XGBoostFormat.JSON_FILE, message);
        assertRefused(TestModels.ubj(doc), XGBoostFormat.UBJSON_FILE, message);
    }

    private static void assertRefused(byte[] bytes, String file, String message) {
        assertThatThrownBy(() -> TestModels.load(file, bytes))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining(message)
                .hasMessageEndingWith(".");
    }
}
