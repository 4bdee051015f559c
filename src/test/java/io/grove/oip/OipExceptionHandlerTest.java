package io.grove.oip;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.scoring.Violation;
import org.junit.jupiter.api.Test;

/** The inference protocol's wording of the core's violations, in the tensor's terms. */
class OipExceptionHandlerTest {

    @Test
    void aValueIsAnElementOfARowOfTheTensor() {
        assertThat(OipExceptionHandler.describe(Violation.atPosition(1, 0, "sepal_length", "must be greater than 0")))
                .isEqualTo("row 1, element 0 must be greater than 0 (sepal_length)");
    }

    @Test
    void aRowAndTheRowsKeepTheirNames() {
        assertThat(OipExceptionHandler.describe(Violation.ofRow(2, "must not be null"))).isEqualTo("rows[2] must not be null");
        assertThat(OipExceptionHandler.describe(Violation.ofRows("must hold between 1 and 1000 rows, got 0")))
                .isEqualTo("rows must hold between 1 and 1000 rows, got 0");
    }
}
