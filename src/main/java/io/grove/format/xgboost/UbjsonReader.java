package io.grove.format.xgboost;

import io.grove.format.ModelFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Universal Binary JSON document (the format of XGBoost's {@code model.ubj}) into the
 * plain values {@link ModelDocument} navigates. Maven Central has no maintained UBJSON reader, so
 * this is a small strict one, following the UBJSON draft 12 specification as XGBoost writes and
 * reads it ({@code src/common/json.cc}, {@code UBJWriter} and {@code UBJReader}).
 *
 * <p>Values become: an object a {@link LinkedHashMap} (a repeated key is refused), an untyped
 * array a {@link List}, a typed array ({@code [$type#count}) a primitive array ({@code float[]}
 * for {@code d}, {@code double[]} for {@code D}, {@code long[]} for {@code L}, {@code int[]} for
 * {@code i}, {@code U}, {@code I}, {@code l}), integers {@link Long}, {@code d} a {@link Float},
 * {@code D} a {@link Double}, strings and chars {@link String}, {@code T}/{@code F} a
 * {@link Boolean} and {@code Z} {@link ModelDocument#NULL}. High-precision numbers ({@code H}) are
 * refused: XGBoost never writes them.
 *
 * <p>Bounded: every length and count is checked against the bytes that remain before anything is
 * allocated for it, containers nest at most {@value #MAX_DEPTH} deep (the recursion is bounded by
 * that constant, not by the file), and anything after the root value is refused. Not thread-safe;
 * one instance reads one document.
 */
final class UbjsonReader {

    /** XGBoost's models nest about seven deep; this leaves room without letting a file choose the depth. */
    static final int MAX_DEPTH = 32;

    private final ByteBuffer in;

    private UbjsonReader(byte[] bytes) {
        in = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    }

    /**
     * Reads one UBJSON document.
     *
     * @param bytes the document
     * @return its root value
     * @throws ModelFormatException if the bytes are not one well-formed UBJSON value
     */
    static Object read(byte[] bytes) {
        UbjsonReader reader = new UbjsonReader(bytes);
        Object root = reader.value(reader.marker(), 0);
        if (reader.in.hasRemaining()) {
            throw reader.malformed("bytes follow the end of the document");
        }
        return root;
    }

    private Object value(byte marker, int depth) {
        return switch (marker) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case 'Z' -> ModelDocument.NULL;
            case 'T' -> Boolean.TRUE;
            case 'F' -> Boolean.FALSE;
            case 'i', 'U', 'I', 'l', 'L' -> integer(marker);
            case 'd' -> {
                need(4);
                yield in.getFloat();
            }
            case 'D' -> {
                need(8);
                yield in.getDouble();
            }
            case 'S' -> string(length());
            case 'C' -> {
                need(1);
                yield String.valueOf((char) (in.get() & 0x7f));
            }
            case 'H' -> throw malformed("high-precision numbers are not supported");
            default -> throw malformed("unknown type marker " + describe(marker));
        };
    }

    private Map<String, Object> object(int depth) {
        checkDepth(depth);
        Map<String, Object> members = new LinkedHashMap<>();
        byte type = 0;
        long count = -1;
        if (peek() == '$') {
            in.get();
            type = marker();
            expect('#');
        }
        if (peek() == '#') {
            in.get();
            count = count();
        } else if (type != 0) {
            throw malformed("a typed object has no count");
        }
        for (long i = 0; count < 0 ? peek() != '}' : i < count; i++) {
            String key = string(length());
            Object value = value(type != 0 ? type : marker(), depth);
            if (members.putIfAbsent(key, value) != null) {
                throw malformed("the key \"" + printable(key) + "\" appears twice in one object");
            }
        }
        if (count < 0) {
            in.get();
        }
        return members;
    }

    private Object array(int depth) {
        checkDepth(depth);
        if (peek() == '$') {
            in.get();
            byte type = marker();
            expect('#');
            return typedArray(type, count(), depth);
        }
        if (peek() == '#') {
            in.get();
            long count = count();
            List<Object> items = new ArrayList<>((int) Math.min(count, 1024));
            for (long i = 0; i < count; i++) {
                items.add(value(marker(), depth));
            }
            return items;
        }
        List<Object> items = new ArrayList<>();
        while (peek() != ']') {
            items.add(value(marker(), depth));
        }
        in.get();
        return items;
    }

    private Object typedArray(byte type, long count, int depth) {
        int size = switch (type) {
            case 'i', 'U', 'C', 'T', 'F', 'Z' -> 1;
            case 'I' -> 2;
            case 'l', 'd' -> 4;
            case 'L', 'D' -> 8;
            default -> 0;
        };
        if (size == 0 || type == 'C' || type == 'T' || type == 'F' || type == 'Z') {
            // Strings, containers or constants as the element type: legal UBJSON, never written by XGBoost.
            throw malformed("typed arrays of " + describe(type) + " are not supported");
        }
        if (count > in.remaining() / size) {
            throw malformed("a typed array claims " + count + " elements of " + size + " bytes, but only "
                    + in.remaining() + " bytes remain");
        }
        int n = (int) count;
        return switch (type) {
            case 'd' -> {
                float[] a = new float[n];
                in.asFloatBuffer().get(a);
                in.position(in.position() + 4 * n);
                yield a;
            }
            case 'D' -> {
                double[] a = new double[n];
                in.asDoubleBuffer().get(a);
                in.position(in.position() + 8 * n);
                yield a;
            }
            case 'L' -> {
                long[] a = new long[n];
                in.asLongBuffer().get(a);
                in.position(in.position() + 8 * n);
                yield a;
            }
            default -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = switch (type) {
                        case 'i' -> in.get();
                        case 'U' -> in.get() & 0xff;
                        case 'I' -> in.getShort();
                        default -> in.getInt();
                    };
                }
                yield a;
            }
        };
    }

    private Long integer(byte marker) {
        return switch (marker) {
            case 'i' -> {
                need(1);
                yield (long) in.get();
            }
            case 'U' -> {
                need(1);
                yield (long) (in.get() & 0xff);
            }
            case 'I' -> {
                need(2);
                yield (long) in.getShort();
            }
            case 'l' -> {
                need(4);
                yield (long) in.getInt();
            }
            default -> {
                need(8);
                yield in.getLong();
            }
        };
    }

    /** A string's or key's length: an integer value of any integer type, checked against what remains. */
    private int length() {
        long n = count();
        need(n);
        return (int) n;
    }

    private long count() {
        byte marker = marker();
        if (marker != 'i' && marker != 'U' && marker != 'I' && marker != 'l' && marker != 'L') {
            throw malformed("a length or count has type " + describe(marker) + ", not an integer type");
        }
        long n = integer(marker);
        if (n < 0) {
            throw malformed("a length or count is negative (" + n + ")");
        }
        if (n > in.remaining()) {
            throw malformed("a length or count of " + n + " exceeds the " + in.remaining() + " bytes that remain");
        }
        return n;
    }

    private String string(int length) {
        byte[] utf8 = new byte[length];
        in.get(utf8);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("a string is not valid UTF-8");
        }
    }

    /** The next marker, skipping no-op markers ({@code N}). */
    private byte marker() {
        byte b;
        do {
            need(1);
            b = in.get();
        } while (b == 'N');
        return b;
    }

    /** The next marker without consuming it (no-ops before it are consumed). */
    private byte peek() {
        while (true) {
            need(1);
            byte b = in.get(in.position());
            if (b != 'N') {
                return b;
            }
            in.get();
        }
    }

    private void expect(char c) {
        byte b = marker();
        if (b != c) {
            throw malformed("expected '" + c + "' but found " + describe(b));
        }
    }

    private void need(long bytes) {
        if (bytes > in.remaining()) {
            throw malformed("the document is truncated");
        }
    }

    private void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw malformed("containers nest deeper than " + MAX_DEPTH + " levels");
        }
    }

    private ModelFormatException malformed(String what) {
        return new ModelFormatException("The UBJSON model is malformed at byte " + in.position() + ": " + what + ".");
    }

    private static String describe(byte marker) {
        return marker >= 0x21 && marker < 0x7f ? "'" + (char) marker + "'" : String.format("0x%02x", marker & 0xff);
    }

    static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
