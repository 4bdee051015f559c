package io.grove.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What scoring a version's reference rows found: how far the served model is from the outputs the
 * training library gave. Immutable.
 *
 * @param file         the reference file's name
 * @param rows         the rows scored
 * @param skipped      the rows skipped because they break the model's input rules
 * @param tolerance    the largest difference accepted
 * @param maxDeviation the largest absolute difference between an output Grove gives and the expected one
 * @param worstLine    the file's line (the header is line 1) where it occurred, or -1 if every output was equal
 */
public record ReferenceCheck(String file, int rows, int skipped, double tolerance, double maxDeviation, int worstLine) {

    /** Whether the served model is within the tolerance of the trained one. */
    @JsonIgnore
    public boolean passed() {
        return maxDeviation <= tolerance;
    }
}
