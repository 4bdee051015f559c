package io.grove.security;

import io.grove.http.docs.DocsPaths;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * Adds defensive headers to every answer of Grove's web application: no MIME sniffing, no framing,
 * no referrer, no cross-origin reads, no caching of answers, and a Content-Security-Policy that
 * allows nothing, since the API serves JSON. The interactive docs (Swagger UI) need scripts and
 * styles from Grove itself, so they get a same-origin policy and may be cached; where the docs are
 * comes from springdoc's settings ({@link DocsPaths}).
 *
 * <p>A Tomcat valve rather than a servlet filter for two reasons. It runs before any filter or
 * servlet, so errors and refusals carry the headers too. And it hands Tomcat the headers already
 * encoded: a header set through the Servlet API is a {@code String} that Tomcat encodes with a new
 * {@code CharsetEncoder} for its name and another for its value on every answer, which for these
 * six headers was ~4.5 KB of garbage per request, a fifth of all a prediction allocated.
 *
 * <p>Immutable and thread-safe.
 */
final class SecurityHeadersValve extends ValveBase {

    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    static final String DOCS_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "script-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static final Header[] COMMON = {
            new Header("X-Content-Type-Options", "nosniff"),
            new Header("X-Frame-Options", "DENY"),
            new Header("Referrer-Policy", "no-referrer"),
            new Header("Cross-Origin-Resource-Policy", "same-origin")};
    private static final Header[] API = {new Header("Content-Security-Policy", API_POLICY),
            new Header("Cache-Control", "no-store")};
    private static final Header[] DOCS = {new Header("Content-Security-Policy", DOCS_POLICY)};

    private final DocsPaths docs;

    SecurityHeadersValve(DocsPaths docs) {
        super(true); // a valve that does not declare async support would turn it off for every request
        this.docs = docs;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        MimeHeaders headers = response.getCoyoteResponse().getMimeHeaders();
        add(headers, COMMON);
        add(headers, docs.contains(request.getRequestURI()) ? DOCS : API);
        getNext().invoke(request, response);
    }

    private static void add(MimeHeaders headers, Header[] toAdd) {
        for (Header header : toAdd) {
            headers.addValue(header.name, 0, header.name.length).setBytes(header.value, 0, header.value.length);
        }
    }

    private record Header(byte[] name, byte[] value) {
        Header(String name, String value) {
            this(name.getBytes(StandardCharsets.US_ASCII), value.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
