package io.grove.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Input validation without HTTP: named and positional rows, reordering, missing values and bounds. */
class InputSchemaTest {

    private static final List<FeatureSpec> FEATURES = List.of(
            new FeatureSpec("sepal_length", null, 0.0, 10.0, null, null),
            new FeatureSpec("sepal_width", 0.0, null, null, 5.0, true),
            FeatureSpec.unconstrained("petal_length"));

    /** The clients' order is the one above; the scorer reads petal_length, sepal_length, sepal_width. */
    private static final InputSchema REORDERING = new InputSchema(FEATURES, new boolean[] {false, true, false}, true,
            new int[] {1, 2, 0});

    @Test
    void aValidPositionalRowIsPutInTheScorersOrder() {
        assertThat(REORDERING.require(Features.positional(new double[] {5.1, 3.5, 1.4}))).containsExactly(1.4, 5.1, 3.5);
    }

    @Test
    void aNamedRowMayComeInAnyOrder() {
        Features named = new Features(new String[] {"petal_length", "sepal_width", "sepal_length"}, new double[] {1.4, 3.5, 5.1});
        assertThat(REORDERING.require(named)).containsExactly(1.4, 5.1, 3.5);
    }

    @Test
    void everyBrokenBoundOfAPositionalRowIsReportedAtItsPosition() {
        List<Violation> into = new ArrayList<>();
        double[] arranged = REORDERING.arrange(Features.positional(new double[] {0, 5, Double.POSITIVE_INFINITY}), 2, into);

        assertThat(arranged).isNull();
        assertThat(into).containsExactly(
                Violation.atPosition(2, 0, "sepal_length", "must be greater than 0"),
                Violation.atPosition(2, 1, "sepal_width", "must be less than 5"),
                Violation.atPosition(2, 2, "petal_length", "must be a finite number"));
    }

    @Test
    void aMissingValueIsAllowedOnlyWhereTheFeatureAllowsIt() {
        assertThat(REORDERING.require(Features.positional(new double[] {5.1, Double.NaN, 1.4}))[2]).isNaN();

        List<Violation> into = new ArrayList<>();
        REORDERING.arrange(Features.positional(new double[] {Double.NaN, 3.5, 1.4}), Violation.NONE, into);
        assertThat(into).containsExactly(Violation.atPosition(Violation.NONE, 0, "sepal_length", "must not be missing (null)"));
    }

    @Test
    void aNamedRowReportsUnknownRepeatedAndMissingNamesByName() {
        Features named = new Features(new String[] {"sepal_length", "sepal_length", "colour"}, new double[] {5.1, 5.2, 1});
        List<Violation> into = new ArrayList<>();

        assertThat(REORDERING.arrange(named, Violation.NONE, into)).isNull();
        assertThat(into).extracting(Violation::scope).containsOnly(Violation.Scope.FEATURE);
        assertThat(into).extracting(Violation::name, Violation::feature).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sepal_length", Violation.NONE),
                org.assertj.core.groups.Tuple.tuple("colour", Violation.NONE),
                org.assertj.core.groups.Tuple.tuple("sepal_width", Violation.NONE),
                org.assertj.core.groups.Tuple.tuple("petal_length", Violation.NONE));
        assertThat(into.getFirst().message()).isEqualTo("is given more than once");
        assertThat(into.get(1).message()).startsWith("is not a feature of this model; expected (sepal_length, sepal_width, petal_length)");
        assertThat(into.get(2).message()).isEqualTo("is missing");
    }

    @Test
    void aNamedRowsBadValueIsReportedByName() {
        Features named = new Features(new String[] {"sepal_length", "sepal_width", "petal_length"}, new double[] {11, 1, 1});
        List<Violation> into = new ArrayList<>();
        REORDERING.arrange(named, 0, into);
        assertThat(into).containsExactly(Violation.atName(0, "sepal_length", "must be less than or equal to 10"));
    }

    @Test
    void aRowOfTheWrongLengthIsReportedOnceForTheRow() {
        List<Violation> into = new ArrayList<>();
        REORDERING.arrange(Features.positional(new double[] {-1, -1}), 4, into);
        assertThat(into).containsExactly(Violation.ofRow(4,
                "must have exactly 3 values (sepal_length, sepal_width, petal_length), got 2"));
    }

    @Test
    void aModelWithoutAKnownOrderRefusesPositionalRows() {
        InputSchema namedOnly = new InputSchema(FEATURES, new boolean[3], false, null);
        assertThatThrownBy(() -> namedOnly.require(Features.positional(new double[] {5.1, 3.5, 1.4})))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.violations()).hasSize(1);
                    assertThat(e.violations().getFirst().scope()).isEqualTo(Violation.Scope.ROW);
                    assertThat(e.violations().getFirst().message()).startsWith("must name its features");
                });
        assertThat(namedOnly.require(new Features(new String[] {"sepal_width", "petal_length", "sepal_length"},
                new double[] {3.5, 1.4, 5.1}))).containsExactly(5.1, 3.5, 1.4);
    }

    @Test
    void isValidChecksARowAlreadyInTheScorersOrder() {
        InputSchema plain = new InputSchema(FEATURES);
        assertThat(plain.isValid(new double[] {5.1, 3.5, 1.4})).isTrue();
        assertThat(plain.isValid(new double[] {5.1, 3.5})).isFalse();
        assertThat(plain.isValid(new double[] {5.1, Double.NaN, 1.4})).as("no missing values without a definition").isFalse();
    }
}
