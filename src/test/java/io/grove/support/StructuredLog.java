package io.grove.support;

import java.util.List;

/** Reads Grove's structured (ECS JSON) console log, as a test captured it. */
public final class StructuredLog {

    private StructuredLog() {
    }

    /** The lines logged at WARN or ERROR. */
    public static List<String> warningsAndErrors(String log) {
        return log.lines()
                .filter(line -> line.contains("\"level\":\"WARN\"") || line.contains("\"level\":\"ERROR\""))
                .toList();
    }
}
