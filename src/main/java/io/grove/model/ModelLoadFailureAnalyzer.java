package io.grove.model;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a model that cannot be loaded into one clear start-up error instead of a stack trace. */
class ModelLoadFailureAnalyzer extends AbstractFailureAnalyzer<ModelLoadException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ModelLoadException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix or replace the model files, or point grove.model.repository / grove.model.name / "
                        + "grove.model.version (GROVE_MODEL_REPOSITORY, GROVE_MODEL_NAME, GROVE_MODEL_VERSION) at a valid model.",
                cause);
    }
}
