package io.grove.hardening;

import static io.grove.hardening.RawHttp.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import io.grove.hardening.RawHttp.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Malformed and hostile requests, sent byte for byte over raw sockets to the real server.
 *
 * <p>Each case names the statuses that are right for it. Where Spring MVC answers (the API's own
 * errors) the body must be a problem; where Tomcat refuses a request it cannot parse as HTTP, a
 * bare 400 is right, and for a few cases a closed connection ({@link #CLOSED}) is the only honest
 * answer, because no complete request ever arrived. No case may get a 5xx, hang, or a body that
 * shows a stack trace, a Java class name or a file path, and the service must stay healthy.
 */
@HardenedGroveTest
class HostileCorpusTest {

    /** The server closed the connection without answering. */
    static final int CLOSED = -1;
    static final String ROW = "{\"features\":[5.1,3.5,1.4,0.2]}";
    static final Pattern LEAK = Pattern.compile(
            "Exception|\\bat [a-z]+\\.[a-z]|(java|javax|jakarta|tools\\.jackson|org\\.springframework|org\\.apache|io\\.grove)\\."
                    + "|/work/|/root/|/home/|/tmp/|\\.java\\b|Tomcat|Whitelabel|`|\\[Source|REDACTED|StreamRead|Deserializ");

    @LocalServerPort
    int port;

    record Case(String name, byte[] request, Set<Integer> expected, boolean problem, boolean halfClose) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> corpus() {
        List<Case> cases = new ArrayList<>();
        // --- Wrong JSON types, at every feature position (Spring MVC: 422 naming the field)
        String[] wrongValues = {"\"5.1\"", "true", "false", "null", "{}", "[]", "[1.0]", "\"\""};
        for (String value : wrongValues) {
            for (int position = 0; position < 4; position++) {
                String[] row = {"5.1", "3.5", "1.4", "0.2"};
                row[position] = value;
                api(cases, "type " + value + " at features[" + position + "]", "/predict",
                        "{\"features\":[" + String.join(",", row) + "]}", 422);
            }
        }
        api(cases, "features is a string", "/predict", "{\"features\":\"5.1,3.5,1.4,0.2\"}", 422);
        api(cases, "features is a number", "/predict", "{\"features\":5.1}", 422);
        api(cases, "features is an object", "/predict", "{\"features\":{\"a\":1}}", 422);
        api(cases, "features is true", "/predict", "{\"features\":true}", 422);
        api(cases, "features missing", "/predict", "{}", 422);
        api(cases, "features misspelt", "/predict", "{\"Features\":[5.1,3.5,1.4,0.2]}", 422);
        api(cases, "body is an array", "/predict", "[5.1,3.5,1.4,0.2]", 422);
        api(cases, "body is a string", "/predict", "\"features\"", 422);
        api(cases, "body is a number", "/predict", "42", 422);
        api(cases, "body is null", "/predict", "null", 400);
        api(cases, "body is empty", "/predict", "", 400);
        api(cases, "body is whitespace", "/predict", "  \r\n\t ", 400);
        api(cases, "rows is a flat array", "/predict-batch", "{\"rows\":[5.1,3.5,1.4,0.2]}", 422);
        api(cases, "rows hold strings", "/predict-batch", "{\"rows\":[[\"5.1\",3.5,1.4,0.2]]}", 422);
        api(cases, "rows hold null row", "/predict-batch", "{\"rows\":[null]}", 422);
        api(cases, "rows is empty", "/predict-batch", "{\"rows\":[]}", 422);
        api(cases, "rows 3-deep", "/predict-batch", "{\"rows\":[[[5.1,3.5,1.4,0.2]]]}", 422);
        api(cases, "rows row too short", "/predict-batch", "{\"rows\":[[5.1,3.5,1.4]]}", 422);
        api(cases, "row too long", "/predict", "{\"features\":[5.1,3.5,1.4,0.2,9]}", 422);
        api(cases, "negative feature", "/predict", "{\"features\":[-5.1,3.5,1.4,0.2]}", 422);
        api(cases, "zero feature", "/predict", "{\"features\":[0,3.5,1.4,0.2]}", 422);
        api(cases, "negative zero feature", "/predict", "{\"features\":[-0.0,3.5,1.4,0.2]}", 422);
        // --- NaN, Infinity and non-JSON numbers (JSON syntax: 400; as strings: 422)
        for (String number : new String[] {"NaN", "Infinity", "-Infinity", "+Infinity", "+1", ".5", "1.", "01",
                "0x10", "1e", "--1", "1_000", "١"}) {
            api(cases, "number " + number, "/predict", "{\"features\":[" + number + ",3.5,1.4,0.2]}", 400);
        }
        api(cases, "NaN as string", "/predict", "{\"features\":[\"NaN\",3.5,1.4,0.2]}", 422);
        api(cases, "Infinity as string", "/predict", "{\"features\":[\"Infinity\",3.5,1.4,0.2]}", 422);
        // --- Huge exponents and digit strings
        api(cases, "exponent overflows to infinity", "/predict", "{\"features\":[1e400,3.5,1.4,0.2]}", 422);
        api(cases, "exponent 1e999999999", "/predict", "{\"features\":[1e999999999,3.5,1.4,0.2]}", 422);
        api(cases, "exponent underflows to zero", "/predict", "{\"features\":[1e-400,3.5,1.4,0.2]}", 422);
        api(cases, "exponent with 70 digits", "/predict", "{\"features\":[1e" + "9".repeat(70) + ",3.5,1.4,0.2]}", 400);
        api(cases, "100-digit integer", "/predict", "{\"features\":[" + "9".repeat(100) + ",3.5,1.4,0.2]}", 400);
        api(cases, "100-digit fraction", "/predict", "{\"features\":[0." + "1".repeat(100) + ",3.5,1.4,0.2]}", 400);
        api(cases, "100k-digit integer", "/predict", "{\"features\":[" + "7".repeat(100_000) + ",3.5,1.4,0.2]}", 400);
        api(cases, "digits in a batch row", "/predict-batch", "{\"rows\":[[" + "1".repeat(1000) + ",1,1,1]]}", 400);
        // --- Deep nesting (limit 16). Where a number is due, the first extra bracket is already a wrong type (422);
        // the parser limit (400) bites where the nesting is parsed, as in a member Grove ignores.
        api(cases, "arrays 17 deep as a feature", "/predict", "{\"features\":" + "[".repeat(16) + "1" + "]".repeat(16) + "}", 422);
        api(cases, "arrays 1000 deep as a feature", "/predict", "{\"features\":" + "[".repeat(1000) + "1" + "]".repeat(1000) + "}", 422);
        api(cases, "rows nested 20 deep", "/predict-batch", "{\"rows\":" + "[".repeat(20) + "]".repeat(20) + "}", 422);
        for (int depth : new int[] {17, 100, 1000, 100_000}) {
            api(cases, "extra member " + depth + " arrays deep", "/predict",
                    "{\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "," + ROW.substring(1), 400);
        }
        api(cases, "extra member 200k arrays deep, unclosed", "/predict", "{\"x\":" + "[".repeat(200_000), 400);
        api(cases, "objects 50 deep", "/predict", "{\"a\":".repeat(50) + "1" + "}".repeat(50), 400);
        api(cases, "objects 20 deep around features", "/predict-batch", "{\"a\":".repeat(20) + ROW + "}".repeat(20), 400);
        // --- Huge arrays and strings
        api(cases, "1000 features", "/predict", "{\"features\":[" + "1,".repeat(999) + "1]}", 422);
        api(cases, "100k features", "/predict", "{\"features\":[" + "1,".repeat(99_999) + "1]}", 422);
        api(cases, "1001 rows", "/predict-batch", "{\"rows\":[" + "[5.1,3.5,1.4,0.2],".repeat(1000) + "[5.1,3.5,1.4,0.2]]}", 422);
        api(cases, "string of 20k chars as feature", "/predict", "{\"features\":[\"" + "x".repeat(20_000) + "\",1,1,1]}", 400);
        api(cases, "string of 20k chars as body", "/predict", "\"" + "x".repeat(20_000) + "\"", 400);
        api(cases, "string of 500k chars as extra member", "/predict",
                "{\"note\":\"" + "x".repeat(500_000) + "\"," + ROW.substring(1), 400);
        api(cases, "key of 60k chars", "/predict", "{\"" + "k".repeat(60_000) + "\":1}", 400);
        // --- Duplicate keys
        api(cases, "duplicate features", "/predict", "{\"features\":[1,2,3,4],\"features\":[5.1,3.5,1.4,0.2]}", 400);
        api(cases, "duplicate rows", "/predict-batch", "{\"rows\":[[1,2,3,4]],\"rows\":[[1,2,3,4]]}", 400);
        api(cases, "duplicate unknown keys", "/predict", "{\"a\":1,\"a\":2,\"features\":[5.1,3.5,1.4,0.2]}", 400);
        api(cases, "duplicate keys, one escaped", "/predict", "{\"features\":[1,2,3,4],\"\\u0066eatures\":[1,2,3,4]}", 400);
        // --- Syntax
        api(cases, "unclosed object", "/predict", "{\"features\":[5.1,3.5,1.4,0.2]", 400);
        api(cases, "trailing comma", "/predict", "{\"features\":[5.1,3.5,1.4,0.2,]}", 400);
        api(cases, "missing value", "/predict", "{\"features\":[5.1,,1.4,0.2]}", 400);
        api(cases, "single quotes", "/predict", "{'features':[5.1,3.5,1.4,0.2]}", 400);
        api(cases, "unquoted key", "/predict", "{features:[5.1,3.5,1.4,0.2]}", 400);
        api(cases, "comment", "/predict", "{/* x */\"features\":[5.1,3.5,1.4,0.2]}", 400);
        api(cases, "two documents", "/predict", ROW + ROW, 400);
        api(cases, "trailing garbage", "/predict", ROW + "xyz", 400);
        api(cases, "not json", "/predict", "features=5.1,3.5,1.4,0.2", 400);
        api(cases, "xml", "/predict", "<features>5.1</features>", 400);
        api(cases, "raw control char in string", "/predict", "{\"a\":\"\u0001\"," + ROW.substring(1), 400);
        api(cases, "bad escape", "/predict", "{\"a\":\"\\q\"," + ROW.substring(1), 400);
        // --- Invalid UTF-8 and byte-order marks
        apiBytes(cases, "invalid UTF-8 in a string", "/predict", concat(ascii("{\"a\":\""), new byte[] {(byte) 0xFF, (byte) 0xFE},
                ascii("\"," + ROW.substring(1))), 400);
        apiBytes(cases, "overlong UTF-8 slash in a key", "/predict", concat(ascii("{\""), new byte[] {(byte) 0xC0,
                (byte) 0xAF}, ascii("\":1," + ROW.substring(1))), 400);
        apiBytes(cases, "invalid UTF-8 where a number is due", "/predict", concat(ascii("{\"features\":[\""), new byte[] {
                (byte) 0xC0, (byte) 0xAF}, ascii("\",3.5,1.4,0.2]}")), 400);
        apiBytes(cases, "truncated UTF-8 sequence", "/predict", concat(ascii("{\"a\":\""), new byte[] {(byte) 0xE2, (byte) 0x82},
                ascii("\"," + ROW.substring(1))), 400);
        apiBytes(cases, "UTF-8 surrogate in a string", "/predict", concat(ascii("{\"a\":\""), new byte[] {(byte) 0xED,
                (byte) 0xA0, (byte) 0x80}, ascii("\"," + ROW.substring(1))), 400);
        apiBytes(cases, "UTF-8 above U+10FFFF", "/predict", concat(ascii("{\"a\":\""), new byte[] {(byte) 0xF4,
                (byte) 0x90, (byte) 0x80, (byte) 0x80}, ascii("\"," + ROW.substring(1))), 400);
        apiBytes(cases, "body ends inside a UTF-8 sequence", "/predict", concat(ascii(ROW), new byte[] {(byte) 0xE2}), 400);
        // Well-formed multi-byte UTF-8 must pass the check untouched.
        api(cases, "valid UTF-8 text in an extra member", "/predict", "{\"note\":\"Iris \u00e9t\u00e9 \uD83C\uDF38\","
                + ROW.substring(1), 200);
        apiBytes(cases, "invalid UTF-8 outside strings", "/predict", concat(new byte[] {(byte) 0xFF}, ascii(ROW)), 400);
        apiBytes(cases, "NUL byte before body", "/predict", concat(new byte[] {0}, ascii(ROW)), 400);
        // Odd but valid: Jackson recognises UTF-16 and UTF-32 JSON by its byte pattern (RFC 4627 section 3) whatever
        // Unicode charset is declared, and decodes it right; answering these is correct.
        apiBytes(cases, "UTF-16LE body without BOM, declared UTF-8", "/predict", ROW.getBytes(StandardCharsets.UTF_16LE), 200);
        apiBytes(cases, "UTF-8 BOM then junk", "/predict", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                ascii("{junk")), 400);
        apiBytes(cases, "BOM in the middle", "/predict", concat(ascii("{\"features\":["), new byte[] {(byte) 0xEF, (byte) 0xBB,
                (byte) 0xBF}, ascii("5.1,3.5,1.4,0.2]}")), 400);
        apiBytes(cases, "two UTF-8 BOMs", "/predict", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xEF,
                (byte) 0xBB, (byte) 0xBF}, ascii(ROW)), 400);
        api(cases, "lone surrogate escape in a value", "/predict", "{\"features\":[\"\\ud800\",3.5,1.4,0.2]}", 422);
        // --- Content types and charsets
        contentType(cases, null, 415);
        contentType(cases, "", 415);
        contentType(cases, "text/plain", 415);
        contentType(cases, "text/json", 415);
        contentType(cases, "application/xml", 415);
        contentType(cases, "application/x-www-form-urlencoded", 415);
        contentType(cases, "multipart/form-data; boundary=x", 415);
        contentType(cases, "application/octet-stream", 415);
        contentType(cases, "application/jsonx", 415);
        contentType(cases, "application/*", 415);
        contentType(cases, "*/*", 415);
        contentType(cases, "garbage", 415);
        contentType(cases, "application/json; charset=no-such-charset", 415);
        contentType(cases, "application/json; charset=\"", 415);
        contentType(cases, "application/json; charset=utf-32", 200);
        cases.add(new Case("UTF-8 body declared utf-16", post("/predict", "application/json; charset=utf-16",
                ascii(ROW), ""), Set.of(200), false, false));
        contentType(cases, "application/json; charset=iso-8859-1", 200);
        contentType(cases, "APPLICATION/JSON", 200);
        cases.add(new Case("Accept text/html", post("/predict", "application/json", ascii(ROW),
                "Accept: text/html\r\n"), Set.of(406), false, false));
        cases.add(new Case("Accept application/xml", post("/predict", "application/json", ascii(ROW),
                "Accept: application/xml\r\n"), Set.of(406), false, false));
        cases.add(new Case("Accept garbage", post("/predict", "application/json", ascii(ROW),
                "Accept: ;;;\r\n"), Set.of(406), false, false));
        cases.add(new Case("two Content-Type headers", post("/predict", "text/plain", ascii(ROW),
                "Content-Type: application/json\r\n"), Set.of(415), true, false));
        // --- Broken chunked encoding
        chunked(cases, "chunk size not hex", "zz\r\n" + ROW + "\r\n0\r\n\r\n", false, Set.of(400));
        chunked(cases, "chunk size overflows", "ffffffffffffffffff\r\n" + ROW + "\r\n0\r\n\r\n", false, Set.of(400));
        chunked(cases, "chunk shorter than its size", "ff\r\n" + ROW + "\r\n0\r\n\r\n", true, Set.of(400));
        chunked(cases, "chunk longer than its size", "5\r\n" + ROW + "\r\n0\r\n\r\n", false, Set.of(400));
        chunked(cases, "no terminating chunk", Integer.toHexString(ROW.length()) + "\r\n" + ROW + "\r\n", true, Set.of(400));
        chunked(cases, "chunk without CRLF", Integer.toHexString(ROW.length()) + "\r\n" + ROW + "0\r\n\r\n", false, Set.of(400));
        chunked(cases, "huge chunk extension", "1;" + "x".repeat(20_000) + "\r\n{\r\n0\r\n\r\n", false, Set.of(400));
        chunked(cases, "negative chunk size", "-5\r\n" + ROW + "\r\n0\r\n\r\n", false, Set.of(400));
        // Transfer-Encoding wins and Content-Length is ignored (RFC 9112 section 6.3): the body is read as chunked.
        raw(cases, "chunked and Content-Length both", "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(ROW.length()) + "\r\n" + ROW + "\r\n0\r\n\r\n", false, Set.of(200));
        raw(cases, "chunked twice", "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked, chunked\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(ROW.length()) + "\r\n" + ROW + "\r\n0\r\n\r\n", false, Set.of(400));
        cases.add(new Case("unknown transfer coding", ascii("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: gzip\r\nConnection: close\r\n\r\n" + ROW), Set.of(400), true, false));
        // --- Lying and malformed Content-Length
        cases.add(new Case("Content-Length shorter than body", concat(ascii("POST /predict HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: 10\r\nConnection: close\r\n\r\n"), ascii(ROW)),
                Set.of(400), true, false));
        cases.add(new Case("Content-Length longer than body, then end of input", concat(ascii("POST /predict HTTP/1.1\r\n"
                + "Host: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\nConnection: close\r\n\r\n"),
                ascii(ROW)), Set.of(400), true, true));
        cases.add(new Case("Content-Length longer than body, client silent", concat(ascii("POST /predict HTTP/1.1\r\n"
                + "Host: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\nConnection: close\r\n\r\n"),
                ascii(ROW)), Set.of(408, CLOSED), true, false));
        cases.add(new Case("Content-Length of a terabyte", concat(ascii("POST /predict HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: 1099511627776\r\nConnection: close\r\n\r\n"),
                ascii(ROW)), Set.of(413), true, false));
        for (String length : new String[] {"-1", "abc", "+32", "0x20", "32, 33", "99999999999999999999999"}) {
            raw(cases, "Content-Length " + length, "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n" + ROW, false, Set.of(400));
        }
        raw(cases, "two different Content-Lengths", "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 32\r\nContent-Length: 5\r\nConnection: close\r\n\r\n" + ROW, false, Set.of(400));
        // --- Oversized body, headers and URLs
        String big = "{\"rows\":[" + "[5.1,3.5,1.4,0.2],".repeat(70_000) + "[5.1,3.5,1.4,0.2]]}";
        cases.add(new Case("2 MB body with Content-Length", post("/predict-batch", "application/json", ascii(big), ""),
                Set.of(413), true, false));
        cases.add(new Case("2 MB body, chunked", chunkedPost("/predict-batch", chunk(big)), Set.of(413), true, false));
        raw(cases, "20 KB header", "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n", false, Set.of(400));
        raw(cases, "500 headers", "GET /health HTTP/1.1\r\nHost: x\r\n" + "X-H: 1\r\n".repeat(500)
                + "Connection: close\r\n\r\n", false, Set.of(400));
        cases.add(new Case("URL of 5000 chars", ascii("GET /health?" + "q".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n"), Set.of(414), true, false));
        cases.add(new Case("path of 5000 chars", ascii("GET /" + "p".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n"), Set.of(414), true, false));
        raw(cases, "URL of 40000 chars", "GET /health?" + "q".repeat(40_000) + " HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n", false, Set.of(400));
        // --- Path traversal, encoded paths and unknown paths
        for (String path : new String[] {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
                "/%2e%2e%2f%2e%2e%2fetc/passwd", "/predict%00", "/predict%ZZ", "/.%2e/etc/passwd", "/..\\..\\etc\\passwd",
                "/%c0%ae%c0%ae/etc/passwd", "/predict%2f", "/a/%2F/b"}) {
            raw(cases, "path " + path, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false, Set.of(400));
        }
        for (String path : new String[] {"/etc/passwd", "/%252e%252e/etc/passwd", "/WEB-INF/web.xml", "/META-INF/MANIFEST.MF",
                "/application.yaml", "/models/iris/1/model.tribuo", "/models/../pom.xml", "/actuator/env", "/actuator/heapdump",
                "/actuator/shutdown", "/actuator/beans", "/actuator;/env", "/swagger-ui/index.html",
                "/v3/api-docs", "/docs", "/error", "/predict/", "/PREDICT", "/index.html", "/favicon.ico",
                "/%70redict-batch/x", "/no/such/path"}) {
            cases.add(new Case("unknown path " + path, ascii("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                    Set.of(404), true, false));
        }
        // The health endpoint answers an unknown component (here "..", normalised away by Tomcat) with a bare 404.
        raw(cases, "path /actuator/health/../env", "GET /actuator/health/../env HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                false, Set.of(404));
        // --- Methods
        for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH", "FOO", "post"}) {
            cases.add(new Case(method + " /predict", ascii(method + " /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n"), Set.of(405), true, false));
        }
        raw(cases, "TRACE /predict", "TRACE /predict HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false, Set.of(405));
        raw(cases, "method with symbols", "P@ST /predict HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false, Set.of(400));
        cases.add(new Case("method of 10k chars", ascii("X".repeat(10_000) + " /predict HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n"), Set.of(405), true, false));
        cases.add(new Case("CONNECT", ascii("CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\nConnection: close\r\n\r\n"),
                Set.of(405), true, false));
        // --- Request line and headers Tomcat must refuse
        for (String version : new String[] {"HTTP/2.0", "HTTP/9.9", "HTTP/1.2"}) {
            cases.add(new Case("version " + version, ascii("GET /health " + version + "\r\nHost: x\r\nConnection: close\r\n\r\n"),
                    Set.of(400), false, false));
        }
        raw(cases, "no Host header", "GET /health HTTP/1.1\r\nConnection: close\r\n\r\n", false, Set.of(400));
        raw(cases, "two Host headers", "GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n", false, Set.of(400));
        raw(cases, "garbage request line", "\u0001\u0002\u0003 garbage\r\n\r\n", false, Set.of(400));
        raw(cases, "space in target", "GET /he alth HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false, Set.of(400));
        raw(cases, "header without colon", "GET /health HTTP/1.1\r\nHost: x\r\nBroken header\r\nConnection: close\r\n\r\n",
                false, Set.of(400));
        raw(cases, "space in header name", "GET /health HTTP/1.1\r\nHost: x\r\nX Y: 1\r\nConnection: close\r\n\r\n",
                false, Set.of(400));
        // Tomcat replaces obs-fold with a space, as RFC 9112 section 5.2 allows.
        raw(cases, "obsolete line folding", "GET /health HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  folded\r\nConnection: close\r\n\r\n",
                false, Set.of(200));
        raw(cases, "NUL in header value", "GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\nConnection: close\r\n\r\n",
                false, Set.of(400));
        raw(cases, "absolute URI with bad host", "GET http://%%%/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                false, Set.of(400));
        raw(cases, "bad Host value", "GET /health HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n", false, Set.of(400));
        raw(cases, "unknown Expect", "POST /predict HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + ROW.length() + "\r\nConnection: close\r\n\r\n" + ROW, false, Set.of(417));
        return cases.stream().map(c -> Arguments.of(c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void answersEachWithTheRight4xx(Case hostile) throws Exception {
        Response response = RawHttp.exchange(port, hostile.request(), hostile.halfClose(), 10_000);

        assertThat(response.timedOut()).as("hung: " + hostile).isFalse();
        assertThat(response.status()).as(hostile + " -> " + response).isIn(hostile.expected());
        assertThat(LEAK.matcher(response.body()).find()).as("leaks internals: " + response).isFalse();
        if (hostile.problem() && response.status() != CLOSED) {
            assertThat(response.header("content-type")).as(hostile + " -> " + response).startsWith("application/problem+json");
            assertThat(response.body()).contains("\"status\":" + response.status());
        }
    }

    /** After the whole corpus the service still answers correctly. */
    @AfterAll
    static void serviceStaysHealthy(@LocalServerPort int port) throws Exception {
        Response health = RawHttp.exchange(port, ascii("GET /actuator/health/readiness HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n"), false, 10_000);
        Response predict = RawHttp.exchange(port, post("/predict", "application/json", ascii(ROW), ""), false, 10_000);

        assertThat(health.status()).isEqualTo(200);
        assertThat(predict.status()).isEqualTo(200);
        assertThat(predict.body()).contains("\"label\":\"setosa\"");
    }

    private static void api(List<Case> cases, String name, String path, String body, int status) {
        cases.add(new Case(name, post(path, "application/json", body.getBytes(StandardCharsets.UTF_8), ""),
                Set.of(status), status != 200, false));
    }

    private static void apiBytes(List<Case> cases, String name, String path, byte[] body, int status) {
        cases.add(new Case(name, post(path, "application/json", body, ""), Set.of(status), status != 200, false));
    }

    private static void contentType(List<Case> cases, String type, int status) {
        cases.add(new Case("Content-Type " + type, post("/predict", type, ascii(ROW), ""), Set.of(status), status != 200,
                false));
    }

    private static void chunked(List<Case> cases, String name, String chunks, boolean halfClose, Set<Integer> expected) {
        cases.add(new Case(name, chunkedPost("/predict", chunks), expected, false, halfClose));
    }

    private static void raw(List<Case> cases, String name, String request, boolean halfClose, Set<Integer> expected) {
        cases.add(new Case(name, ascii(request), expected, false, halfClose));
    }

    static byte[] post(String path, String contentType, byte[] body, String extraHeaders) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: x\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + extraHeaders + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        return concat(ascii(head), body);
    }

    private static byte[] chunkedPost(String path, String chunks) {
        return ascii("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunks);
    }

    private static String chunk(String body) {
        StringBuilder out = new StringBuilder();
        for (int off = 0; off < body.length(); off += 8192) {
            String part = body.substring(off, Math.min(body.length(), off + 8192));
            out.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
        }
        return out.append("0\r\n\r\n").toString();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
