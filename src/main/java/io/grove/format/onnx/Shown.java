package io.grove.format.onnx;

/** Names from a file as messages show them: bounded in length and free of control characters. */
final class Shown {

    private static final int MAX = 64;

    private Shown() {
    }

    static String name(String s) {
        String clean = s.codePoints().limit(MAX + 1L)
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > MAX ? "'" + clean.substring(0, MAX) + "...'" : "'" + clean + "'";
    }
}
