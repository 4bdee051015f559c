package io.grove.scoring;

import java.util.List;

/** Thrown when a request's values break the model's input rules; the API answers 422. */
public class InvalidInputException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidInputException(List<Violation> violations) {
        super(violations.size() + " invalid value(s) in the request");
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
