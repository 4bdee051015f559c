package io.grove.scoring;

/** What a model predicts, and so which {@link Score} its scorer returns. */
public enum OutputKind {
    /** One class of a fixed list, with a probability for each class: {@link Score.Classification}. */
    CLASSIFICATION,
    /** One floating-point target: {@link Score.Regression}. */
    REGRESSION
}
