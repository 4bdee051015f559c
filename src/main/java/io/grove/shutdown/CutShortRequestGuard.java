package io.grove.shutdown;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ActionCode;

/**
 * Closes, without an answer, a request that Tomcat cut short because its connector was pausing,
 * the first step of the graceful shutdown once the drain delay ends.
 *
 * <p>Why (issue 18, the rare drain 400): Tomcat's HTTP/1.1 processor checks that its connector is
 * paused after it has read a request line and before it reads the headers. If the pause came in
 * between, it sets 503 and skips the headers; then, as the request has no {@code Host} header
 * (none was read), its {@code prepareRequest} replaces the 503 with 400 ("The HTTP/1.1 request did
 * not provide a host header", logged by {@code org.apache.coyote.http11.Http11Processor} at DEBUG),
 * and the request still goes through the container. Neither answer is true: the client did
 * nothing wrong, and the server is simply going away. A closed connection is what a client gets
 * from every other request that arrives after the pause, and what it retries elsewhere.
 *
 * <p>The test: at the very start of the engine's pipeline, before Grove's or Spring's code, an
 * error status is already set (no servlet has run yet, so only Tomcat set it) while the connector
 * is paused. A request whose head was read in full before the pause starts with status 200 and
 * is served. Thread-safe (stateless).
 */
class CutShortRequestGuard extends ValveBase {

    CutShortRequestGuard() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (response.getStatus() >= 400 && paused(request)) {
            // Discards whatever would be written and closes the connection once the request ends.
            response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null);
            return;
        }
        getNext().invoke(request, response);
    }

    private static boolean paused(Request request) {
        return request.getConnector().getProtocolHandler() instanceof AbstractProtocol<?> protocol && protocol.isPaused();
    }
}
