package io.grove.http.json;

import java.io.IOException;

/**
 * Checks, byte by byte as a body streams in, that it is well-formed UTF-8 (RFC 3629): no stray
 * continuation bytes, no overlong forms, no surrogates, nothing above U+10FFFF, no sequence cut
 * short at the end. Jackson decodes some malformed sequences leniently (an overlong {@code /} in a
 * member name becomes {@code /}); a body that is not UTF-8 should be refused, not guessed at.
 * One instance per body; not thread-safe.
 */
public final class Utf8Validator {

    private int pending;
    private int low = 0x80;
    private int high = 0xBF;

    /**
     * Takes the next byte.
     *
     * @throws MalformedBodyException if the byte cannot come next in UTF-8
     */
    public void accept(int b) throws MalformedBodyException {
        if (pending > 0) {
            if (b < low || b > high) {
                throw malformed();
            }
            pending--;
            low = 0x80;
            high = 0xBF;
        } else if (b >= 0x80) {
            start(b);
        }
    }

    private void start(int b) throws MalformedBodyException {
        if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            pending = 2;
            low = b == 0xE0 ? 0xA0 : 0x80;  // E0 80..9F would be overlong
            high = b == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
        } else if (b >= 0xF0 && b <= 0xF4) {
            pending = 3;
            low = b == 0xF0 ? 0x90 : 0x80;  // F0 80..8F would be overlong
            high = b == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be above U+10FFFF
        } else {
            throw malformed();
        }
    }

    /** @throws MalformedBodyException if the body ended inside a sequence */
    public void end() throws MalformedBodyException {
        if (pending > 0) {
            throw malformed();
        }
    }

    private static MalformedBodyException malformed() {
        return new MalformedBodyException("The request body is not well-formed UTF-8");
    }

    /** The body is not what its Content-Type says; the API answers 400. */
    public static final class MalformedBodyException extends IOException {

        MalformedBodyException(String message) {
            super(message);
        }
    }
}
