package io.grove.http.tomcat;

import io.grove.http.ApiProperties;
import io.grove.http.json.Utf8Validator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Caps request bodies at {@code grove.api.max-request-body}. Tomcat only limits form posts, so
 * without this a client could stream a JSON body of any size. A declared {@code Content-Length}
 * over the cap fails on the first read; a chunked body fails as soon as it passes the cap. Either
 * way the reader sees {@link RequestBodyRefusedException} and the API answers 413. A JSON body
 * declared (or defaulting to) UTF-8 is also checked to be well-formed UTF-8 as it is read
 * ({@link Utf8Validator}); a malformed one answers 400. A body that takes longer than
 * {@code grove.api.max-body-read-time} to arrive fails the next read with
 * {@link RequestBodyRefusedException} (408): each blocking read is bounded by Tomcat's connection
 * timeout, but a client trickling bytes would otherwise hold its thread for as long as it likes.
 *
 * <p>A plain {@link HttpFilter}, so Spring Boot registers it for client requests only, which is all
 * it is for: a {@code OncePerRequestFilter} would set and remove a request attribute on every request.
 */
@Component
class RequestBodyLimitFilter extends HttpFilter {

    private final long limit;
    private final long maxReadMillis;

    RequestBodyLimitFilter(ApiProperties properties) {
        this.limit = properties.maxRequestBody().toBytes();
        this.maxReadMillis = properties.maxBodyReadTime() == null ? 0 : properties.maxBodyReadTime().toMillis();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new LimitedRequest(request, limit, maxReadMillis), response);
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private final long maxReadMillis;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit, long maxReadMillis) {
            super(request);
            this.limit = limit;
            this.maxReadMillis = maxReadMillis;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), getContentLengthLong(), limit, maxReadMillis,
                        declaresUtf8Json() ? new Utf8Validator() : null);
            }
            return stream;
        }

        private boolean declaresUtf8Json() {
            try {
                MediaType type = getContentType() == null ? null : MediaType.parseMediaType(getContentType());
                return type != null && (type.isCompatibleWith(MediaType.APPLICATION_JSON)
                        || "json".equals(type.getSubtypeSuffix()))
                        && (type.getCharset() == null || StandardCharsets.UTF_8.equals(type.getCharset()));
            } catch (InvalidMediaTypeException | UnsupportedCharsetException | IllegalCharsetNameException e) {
                return false; // Spring MVC refuses the content type itself with 415
            }
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long declared;
        private final long limit;
        private final Utf8Validator utf8;
        private final long maxReadMillis;
        private final long deadline;
        private long count;

        LimitedInputStream(ServletInputStream in, long declared, long limit, long maxReadMillis, Utf8Validator utf8) {
            this.in = in;
            this.declared = declared;
            this.limit = limit;
            this.utf8 = utf8;
            this.maxReadMillis = maxReadMillis;
            this.deadline = System.nanoTime() + maxReadMillis * 1_000_000;
        }

        @Override
        public int read() throws IOException {
            check(0);
            int b = in.read();
            if (b >= 0) {
                check(++count);
            }
            if (utf8 != null) {
                if (b >= 0) {
                    utf8.accept(b);
                } else {
                    utf8.end();
                }
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check(0);
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                check(count);
            }
            if (utf8 != null) {
                for (int i = 0; i < n; i++) {
                    utf8.accept(b[off + i] & 0xFF);
                }
                if (n < 0) {
                    utf8.end();
                }
            }
            return n;
        }

        private void check(long read) throws IOException {
            if (read > limit || declared > limit) {
                throw RequestBodyRefusedException.tooLarge(limit);
            }
            if (maxReadMillis > 0 && System.nanoTime() - deadline > 0) {
                throw RequestBodyRefusedException.tooSlow(maxReadMillis);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
