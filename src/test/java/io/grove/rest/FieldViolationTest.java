package io.grove.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.scoring.Violation;
import org.junit.jupiter.api.Test;

/** The native API's wording of the core's violations: the texts clients and the API tests rely on. */
class FieldViolationTest {

    @Test
    void aPositionalValueOfPredictIsAnIndexOfFeaturesWithItsNameAfterTheRule() {
        assertThat(FieldViolation.of(Violation.atPosition(Violation.NONE, 0, "sepal_length", "must be greater than 0")))
                .isEqualTo(new FieldViolation("features[0]", "/features/0", "must be greater than 0 (sepal_length)"));
    }

    @Test
    void aValueOfABatchIsAnIndexOfItsRow() {
        assertThat(FieldViolation.of(Violation.atPosition(1, 2, "petal_length", "must be a finite number")))
                .isEqualTo(new FieldViolation("rows[1][2]", "/rows/1/2", "must be a finite number (petal_length)"));
    }

    @Test
    void aNamedValueIsAPropertyOfItsRow() {
        assertThat(FieldViolation.of(Violation.atName(Violation.NONE, "sepal_length", "is missing")))
                .isEqualTo(new FieldViolation("features.sepal_length", "/features/sepal_length", "is missing"));
        assertThat(FieldViolation.of(Violation.atName(3, "colour", "is given more than once")))
                .isEqualTo(new FieldViolation("rows[3].colour", "/rows/3/colour", "is given more than once"));
    }

    @Test
    void aRowAndTheRowsAreTheirOwnFields() {
        assertThat(FieldViolation.of(Violation.ofRow(Violation.NONE, "must not be null")))
                .isEqualTo(new FieldViolation("features", "/features", "must not be null"));
        assertThat(FieldViolation.of(Violation.ofRow(2, "must not be null")))
                .isEqualTo(new FieldViolation("rows[2]", "/rows/2", "must not be null"));
        assertThat(FieldViolation.of(Violation.ofRows("must hold between 1 and 1000 rows, got 0")))
                .isEqualTo(new FieldViolation("rows", "/rows", "must hold between 1 and 1000 rows, got 0"));
    }
}
