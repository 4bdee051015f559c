package io.grove.format.lightgbm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFile;
import io.grove.format.ModelFormatException;
import io.grove.scoring.Score;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malformed and hostile model texts, each made from the hand-written v3 fixture by one edit: every
 * one is refused with a {@link ModelFormatException} whose one sentence names the problem, and
 * nothing else escapes (no index, arithmetic or number-format exception, no out-of-memory error, no
 * stack overflow).
 */
class LightGBMHostileFileTest {

    static String handV3() throws IOException {
        return new String(LightGBMFixtureTest.fixture("hand-v3"), StandardCharsets.ISO_8859_1);
    }

    static FormatModel read(String text) {
        return new LightGBMFormat().read(new ModelFile("model.txt", Path.of("model.txt"),
                text.getBytes(StandardCharsets.ISO_8859_1)), FormatOptions.DEFAULT);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            left_child=-1 -2          | left_child=-1 -9                    | leaf 8, beyond its 3 leaves
            right_child=1 -3          | right_child=5 -3                    | child 5, beyond its 2 nodes
            left_child=-1 -2          | left_child=-1 0                     | node 0 is reached twice
            right_child=1 -3          | right_child=1 1                     | node 1 is reached twice
            left_child=-1 -2          | left_child=-1 -3                    | leaf 2 is reached twice
            split_feature=0 1         | split_feature=0 3                   | feature 3, beyond max_feature_idx 2
            split_feature=0 1         | split_feature=-1 1                  | feature -1
            threshold=0.5 2.5         | threshold=nan 2.5                   | not a finite decimal number
            threshold=0.5 2.5         | threshold=infinity 2.5              | not a finite decimal number
            leaf_value=1 2 3          | leaf_value=1 inf 3                  | not a finite decimal number
            leaf_value=1 2 3          | leaf_value=1 nan 3                  | not a finite decimal number
            threshold=0.5 2.5         | threshold=1e999 2.5                 | is not finite
            threshold=0.5 2.5         | threshold=0.5d 2.5                  | not a finite decimal number
            threshold=0.5 2.5         | threshold=0.5                       | has 1 values where 2 are expected
            leaf_value=1 2 3          | leaf_value=1 2                      | leaf_value has 2 values where 3 are expected
            num_leaves=3              | num_leaves=2000000000               | leaf_value has 3 values where 2000000000 are expected
            num_leaves=3              | num_leaves=99999999999              | out of range
            num_leaves=3              | num_leaves=0                        | num_leaves 0 is less than 1
            num_leaves=3              | num_leaves=three                    | not an integer
            decision_type=2 8         | decision_type=2 12                  | unknown decision_type 12
            decision_type=2 8         | decision_type=2 16                  | unknown decision_type 16
            num_cat=1                 | num_cat=1000000000                  | num_cat 1000000000 exceeds its 1 splits
            cat_boundaries=0 2        | cat_boundaries=0 1000000000         | cat_threshold has 2 values where 1000000000 are expected
            cat_boundaries=0 2        | cat_boundaries=1 2                  | cat_boundaries does not start at 0
            cat_threshold=5 2         | cat_threshold=5 4294967296          | not a 32-bit unsigned word
            cat_threshold=5 2         | cat_threshold=5 -1                  | not a 32-bit unsigned word
            threshold=0\\n            | threshold=1\\n                      | refers to categorical split 1.0 of 1
            threshold=0\\n            | threshold=0.5\\n                    | refers to categorical split 0.5 of 1
            is_linear=0\\nshrinkage=1\\n\\n\\nTree=2 | is_linear=1\\nshrinkage=1\\n\\n\\nTree=2 | linear tree
            version=v3                | version=v2                          | version 'v2' is not v3 or v4
            version=v3\\n             | \\n                                 | no version line
            max_feature_idx=2         | max_feature_idx=2147483647          | negative length
            max_feature_idx=2         | max_feature_idx=3                   | feature_names has 3 values where 4 are expected
            feature_infos=[-1:1] [0:5] 0:2:33:34 | feature_infos=[-1:1]     | feature_infos has 1 values where 3 are expected
            feature_names=a b c       | feature_names=a b a                 | feature name 'a' appears more than once
            num_class=1               | num_class=1=2                       | more than one '='
            num_class=1               | num_class=0                         | num_class 0 is less than 1
            objective=regression      | objective=multiclass num_class:3    | disagree
            objective=regression      | objective=binary sigmoid:0          | sigmoid parameter 0.0 is not greater than zero
            objective=regression      | objective=binary                    | no sigmoid parameter
            objective=regression      | objective=magic                     | objective 'magic' is not one LightGBM knows
            end of trees              | end of tree                         | not followed by an 'end of trees' line
            Tree=1                    | Tree1                               | not followed by an 'end of trees' line
            num_leaves=3              | num_leaves3                         | has a line without '='
            """)
    void refusesWithOneSentence(String from, String to, String message) throws IOException {
        String original = handV3();
        String fromText = from.replace("\\n", "\n");
        assertThat(original).contains(fromText);
        String hostile = original.replace(fromText, to.replace("\\n", "\n"));
        assertThatThrownBy(() -> read(hostile))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining(message);
    }

    /**
     * LightGBM writes {@code inf} for a split on a last bin's upper bound (all values left, missing
     * ones by default) and reads it back; so does Grove, with LightGBM's meaning.
     */
    @Test
    void readsAnInfiniteThresholdAsLightGBMDoes() throws IOException {
        FormatModel model = read(handV3().replace("threshold=0.5 2.5", "threshold=0.5 inf"));
        assertThat(((Score.Regression) model.scorer().score(new double[] {0.7, 1e300, 2})).value()).isEqualTo(212.25);
        assertThat(((Score.Regression) model.scorer().score(new double[] {0.7, Double.NaN, 2})).value()).isEqualTo(213.25);
        FormatModel minus = read(handV3().replace("threshold=0.5 2.5", "threshold=-inf 2.5"));
        assertThat(((Score.Regression) minus.scorer().score(new double[] {-1e300, 3, 2})).value()).isEqualTo(113.25);
    }

    /** Every cut of the file before its {@code end of trees} line is refused, wherever it falls. */
    @Test
    void refusesEveryTruncation() throws IOException {
        String text = handV3();
        int complete = text.indexOf("end of trees") + "end of trees".length();
        for (int cut = 0; cut < complete; cut++) {
            String truncated = text.substring(0, cut);
            assertThatThrownBy(() -> read(truncated)).as("cut at %d", cut).isExactlyInstanceOf(ModelFormatException.class);
        }
        assertThat(read(text.substring(0, complete)).features()).containsExactly("a", "b", "c");
    }

    @Test
    void refusesBytesThatAreNoModelText() {
        assertThatThrownBy(() -> read("")).isExactlyInstanceOf(ModelFormatException.class).hasMessageContaining("no version");
        assertThatThrownBy(() -> read("tree\nversion=v3\0\n")).isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("NUL byte");
        byte[] binary = new byte[4096];
        new java.util.SplittableRandom(1).nextBytes(binary);
        assertThatThrownBy(() -> new LightGBMFormat().read(new ModelFile("model.txt", Path.of("model.txt"), binary),
                FormatOptions.DEFAULT)).isExactlyInstanceOf(ModelFormatException.class);
    }

    @Test
    void refusesAFeatureNameThatIsNotUtf8() throws IOException {
        String hostile = handV3().replace("feature_names=a b c", "feature_names=a \u00ff c");
        assertThatThrownBy(() -> read(hostile)).isExactlyInstanceOf(ModelFormatException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void refusesTreeSizesThatPointAnywhereButATree() throws IOException {
        String header = "feature_infos=[-1:1] [0:5] 0:2:33:34\n";
        for (String sizes : new String[] {"5 5 5 5", "99999999999999 1 1 1", "-1 1 1 1", "1000 1000 1000 1000"}) {
            String hostile = handV3().replace(header, header + "tree_sizes=" + sizes + "\n");
            assertThatThrownBy(() -> read(hostile)).as(sizes).isExactlyInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("tree");
        }
    }

    /** A tree as deep as it has leaves (a chain of 100,000 nodes) loads and scores without recursion. */
    @Test
    void scoresADegenerateChainWithoutRecursion() {
        int nodes = 100_000;
        StringBuilder features = new StringBuilder();
        StringBuilder thresholds = new StringBuilder();
        StringBuilder left = new StringBuilder();
        StringBuilder right = new StringBuilder();
        StringBuilder leaves = new StringBuilder();
        for (int i = 0; i < nodes; i++) {
            features.append("0 ");
            thresholds.append(i).append(' ');
            left.append(~i).append(' ');
            right.append(i + 1 < nodes ? Integer.toString(i + 1) : Integer.toString(~nodes)).append(' ');
        }
        for (int i = 0; i <= nodes; i++) {
            leaves.append(i).append(' ');
        }
        String text = "tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nlabel_index=0\nmax_feature_idx=0\n"
                + "objective=regression\nfeature_names=x\nfeature_infos=none\n\nTree=0\nnum_leaves=" + (nodes + 1)
                + "\nnum_cat=0\nsplit_feature=" + features + "\nthreshold=" + thresholds + "\nleft_child=" + left
                + "\nright_child=" + right + "\nleaf_value=" + leaves + "\n\nend of trees\n";
        FormatModel model = read(text);
        assertThat(((Score.Regression) model.scorer().score(new double[] {1e9})).value()).isEqualTo(nodes);
        assertThat(((Score.Regression) model.scorer().score(new double[] {41.5})).value()).isEqualTo(42);
    }
}
