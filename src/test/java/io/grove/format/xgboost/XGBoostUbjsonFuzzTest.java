package io.grove.format.xgboost;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the UBJSON reader ({@code model.ubj}) and the model checks behind
 * it, with {@link FuzzedModels#check} as the oracle. By default (as in {@code ./mvnw test}) only the
 * committed inputs under {@code src/test/resources/io/grove/format/xgboost/XGBoostUbjsonFuzzTestInputs}
 * run; with {@code JAZZER_FUZZ=1} Jazzer fuzzes for {@code maxDuration} (the pom's
 * {@code fuzz-xgboost-ubjson} execution does that in {@code ./mvnw verify}). A crash it finds is
 * saved in that directory: commit it as a regression input.
 */
class XGBoostUbjsonFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void read(byte[] bytes) {
        FuzzedModels.check(XGBoostFormat.UBJSON_FILE, bytes);
    }
}
