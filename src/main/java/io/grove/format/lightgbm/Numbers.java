package io.grove.format.lightgbm;

import io.grove.format.ModelFormatException;
import java.util.Arrays;

/**
 * Strict parsing of the numbers and number lists of a LightGBM model text. LightGBM writes integers
 * in decimal and doubles with 17 significant digits ({@code %.17g}), so a list holds plain decimal
 * tokens separated by single spaces. Anything else ({@code 1.5d}, hex floats, {@code Infinity})
 * is refused rather than read the lenient way {@link Double#parseDouble} would.
 *
 * <p>A list's length is checked against the count the file announces before its array is allocated;
 * since the tokens are counted in the text, no count the file controls allocates more than the text is long.
 */
final class Numbers {

    private Numbers() {
    }

    /** Parses one decimal {@code int}, {@code what} naming it for the message. */
    static int parseInt(String token, String what) {
        long value = parseLong(token, what);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new ModelFormatException(what + " " + shorten(token) + " is out of range");
        }
        return (int) value;
    }

    /** Parses one decimal integer of at most 18 digits. */
    static long parseLong(String token, String what) {
        int start = !token.isEmpty() && (token.charAt(0) == '-' || token.charAt(0) == '+') ? 1 : 0;
        int digits = token.length() - start;
        if (digits < 1 || digits > 18) {
            throw new ModelFormatException(what + " " + shorten(token) + " is not an integer in range");
        }
        long value = 0;
        for (int i = start; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                throw new ModelFormatException(what + " " + shorten(token) + " is not an integer");
            }
            value = value * 10 + (c - '0');
        }
        return token.charAt(0) == '-' ? -value : value;
    }

    /**
     * Parses one decimal floating-point number ({@code [+-]digits[.digits][e[+-]digits]}), correctly
     * rounded as LightGBM's own parser reads its 17-digit output. {@code nan} and {@code inf} are
     * refused here: nothing Grove evaluates may be non-finite.
     */
    static double parseDouble(String token, String what) {
        if (!isDecimal(token)) {
            throw new ModelFormatException(what + " " + shorten(token) + " is not a finite decimal number");
        }
        double value = Double.parseDouble(token);
        if (!Double.isFinite(value)) {
            throw new ModelFormatException(what + " " + shorten(token) + " is not finite");
        }
        return value;
    }

    /**
     * Parses a numerical threshold: a finite decimal number, or {@code inf} / {@code -inf}, which
     * LightGBM writes for a split on the upper bound of a feature's last bin (+infinity), typically
     * the split that sends only missing values one way, and reads back with {@code strtod}. A
     * {@code nan} threshold, which no training produces, is refused.
     */
    static double parseThreshold(String token, String what) {
        return switch (token) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> parseDouble(token, what);
        };
    }

    /** A list of {@code expected} thresholds; see {@link #parseThreshold}. */
    static double[] thresholds(String list, int expected, String what) {
        return Arrays.stream(tokens(list, expected, what)).mapToDouble(t -> parseThreshold(t, what)).toArray();
    }

    /**
     * Parses a decimal number the way LightGBM's legacy {@code Common::Atof} does, for the values it
     * reads with it (the objective's {@code sigmoid:} parameter): digits accumulated as
     * {@code value * 10 + digit}, the fraction added as {@code right / Pow(10, digits)} with LightGBM's
     * {@code Common::Pow}, the exponent applied as a product of {@code 1e50}, {@code 1e8} and {@code 10}.
     * This is not always the correctly rounded value, and the model must use the value LightGBM uses.
     */
    static double parseLegacyDouble(String token, String what) {
        if (!isDecimal(token)) {
            throw new ModelFormatException(what + " " + shorten(token) + " is not a finite decimal number");
        }
        int i = 0;
        double sign = 1.0;
        if (token.charAt(0) == '-') {
            sign = -1.0;
            i++;
        } else if (token.charAt(0) == '+') {
            i++;
        }
        double value = 0.0;
        for (; i < token.length() && isDigit(token.charAt(i)); i++) {
            value = value * 10.0 + (token.charAt(i) - '0');
        }
        if (i < token.length() && token.charAt(i) == '.') {
            double right = 0.0;
            int digits = 0;
            for (i++; i < token.length() && isDigit(token.charAt(i)); i++) {
                right = (token.charAt(i) - '0') + right * 10.0;
                digits++;
            }
            value += right / legacyPow(10.0, digits);
        }
        boolean divide = false;
        double scale = 1.0;
        if (i < token.length()) {
            i++;
            if (token.charAt(i) == '-') {
                divide = true;
                i++;
            } else if (token.charAt(i) == '+') {
                i++;
            }
            long exponent = 0;
            for (; i < token.length(); i++) {
                exponent = Math.min(exponent * 10 + (token.charAt(i) - '0'), 1_000_000);
            }
            exponent = Math.min(exponent, 308);
            for (; exponent >= 50; exponent -= 50) {
                scale *= 1E50;
            }
            for (; exponent >= 8; exponent -= 8) {
                scale *= 1E8;
            }
            for (; exponent > 0; exponent--) {
                scale *= 10.0;
            }
        }
        double result = sign * (divide ? value / scale : value * scale);
        if (!Double.isFinite(result)) {
            throw new ModelFormatException(what + " " + shorten(token) + " is not finite");
        }
        return result;
    }

    /**
     * LightGBM's {@code Common::Pow} for a non-negative power: squares for even powers, cubes for
     * multiples of three, else one more factor; the factors are multiplied innermost first, as its
     * recursion does (the power is at most a token's length, so there are few).
     */
    private static double legacyPow(double base, int power) {
        double[] factors = new double[2 * 64];
        int count = 0;
        double b = base;
        int p = power;
        while (p > 0) {
            if (p % 2 == 0) {
                b = b * b;
                p /= 2;
            } else if (p % 3 == 0) {
                b = b * b * b;
                p /= 3;
            } else {
                factors[count++] = b;
                p -= 1;
            }
        }
        double result = 1;
        for (int k = count - 1; k >= 0; k--) {
            result = factors[k] * result;
        }
        return result;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isDecimal(String s) {
        int n = s.length();
        if (n == 0 || n > 64) {
            return false;
        }
        int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        int mantissa = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
            mantissa++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                mantissa++;
            }
        }
        if (mantissa == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int exponent = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == n;
    }

    /**
     * Splits a list on single spaces, as LightGBM's {@code Common::Split} does (empty tokens are
     * skipped), and requires exactly {@code expected} tokens before anything is allocated for them.
     */
    static String[] tokens(String list, int expected, String what) {
        if (expected < 0) {
            throw new ModelFormatException(what + " has a negative length " + expected);
        }
        int count = countTokens(list);
        if (count != expected) {
            throw new ModelFormatException(what + " has " + count + " values where " + expected + " are expected");
        }
        String[] out = new String[expected];
        int t = 0;
        int i = 0;
        int n = list.length();
        while (i < n) {
            while (i < n && list.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < n && list.charAt(i) != ' ') {
                i++;
            }
            if (i > start) {
                out[t++] = list.substring(start, i);
            }
        }
        return out;
    }

    /** The number of space-separated tokens in a line, counted without allocating. */
    static int countTokens(String list) {
        int count = 0;
        boolean inToken = false;
        for (int i = 0; i < list.length(); i++) {
            boolean space = list.charAt(i) == ' ';
            if (!space && !inToken) {
                count++;
            }
            inToken = !space;
        }
        return count;
    }

    /** A list of {@code expected} {@code int}s; see {@link #tokens}. */
    static int[] ints(String list, int expected, String what) {
        return Arrays.stream(tokens(list, expected, what)).mapToInt(t -> parseInt(t, what)).toArray();
    }

    /** A list of {@code expected} integers of at most 18 digits. */
    static long[] longs(String list, int expected, String what) {
        return Arrays.stream(tokens(list, expected, what)).mapToLong(t -> parseLong(t, what)).toArray();
    }

    /** A list of {@code expected} finite doubles. */
    static double[] doubles(String list, int expected, String what) {
        return Arrays.stream(tokens(list, expected, what)).mapToDouble(t -> parseDouble(t, what)).toArray();
    }

    /** A token cut to a length fit for a one-sentence message. */
    static String shorten(String token) {
        String s = token.length() > 40 ? token.substring(0, 40) + "..." : token;
        return "'" + s.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }
}
