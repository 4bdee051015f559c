package io.grove.format.xgboost;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the JSON reader ({@code model.json}) and the model checks behind
 * it, with {@link FuzzedModels#check} as the oracle. By default (as in {@code ./mvnw test}) only the
 * committed inputs under {@code src/test/resources/io/grove/format/xgboost/XGBoostJsonFuzzTestInputs}
 * run; with {@code JAZZER_FUZZ=1} Jazzer fuzzes for {@code maxDuration} (the pom's
 * {@code fuzz-xgboost-json} execution does that in {@code ./mvnw verify}). A crash it finds is
 * saved in that directory: commit it as a regression input.
 */
class XGBoostJsonFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void read(byte[] bytes) {
        FuzzedModels.check(XGBoostFormat.JSON_FILE, bytes);
    }
}
