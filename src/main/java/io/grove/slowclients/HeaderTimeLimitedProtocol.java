package io.grove.slowclients;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.Constants;
import org.apache.coyote.Request;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's NIO HTTP/1.1 protocol with a total time limit for a request's line and headers.
 *
 * <p>Tomcat bounds each read ({@code connectionTimeout}) but not their sum: a client that sends
 * its request line and headers a byte at a time, each just inside the read timeout, holds its
 * connection for as long as it likes, and {@code maxConnections} of them shut everyone else out.
 * Every {@link #checkPeriod()} this looks at each open connection; one whose request began arriving
 * (Tomcat's {@link Request#getStartTimeNanos()}, stamped at its first byte) more than
 * {@code maxHeaderReadTime} ago and is still in its header-parsing stage is handed to a worker
 * thread with an error event, as Tomcat's poller does with a read timeout: its processor closes it
 * without an answer and is released, under the connection's lock, so a read being processed at
 * the same moment is not raced. Connections whose headers are complete are never touched (the body
 * has its own limit, {@code grove.api.max-body-read-time}).
 *
 * <p>The check runs on Tomcat's utility executor, reading what Tomcat itself reads from other
 * threads when it pauses (each connection's current processor).
 */
public class HeaderTimeLimitedProtocol extends Http11NioProtocol {

    private static final Log log = LogFactory.getLog(HeaderTimeLimitedProtocol.class);

    private volatile Duration maxHeaderReadTime = Duration.ZERO;
    private ScheduledFuture<?> check;

    /** The longest a request's line and headers may take to arrive, from their first byte; zero: no limit. */
    public void setMaxHeaderReadTime(Duration maxHeaderReadTime) {
        this.maxHeaderReadTime = maxHeaderReadTime == null || maxHeaderReadTime.isNegative()
                ? Duration.ZERO : maxHeaderReadTime;
    }

    public Duration getMaxHeaderReadTime() {
        return maxHeaderReadTime;
    }

    /** A quarter of the limit, between 100 ms and 1 s. */
    Duration checkPeriod() {
        long quarter = maxHeaderReadTime.toMillis() / 4;
        return Duration.ofMillis(Math.clamp(quarter, 100, 1000));
    }

    @Override
    public void start() throws Exception {
        super.start();
        if (maxHeaderReadTime.isPositive()) {
            long period = checkPeriod().toMillis();
            check = getUtilityExecutor().scheduleWithFixedDelay(this::cutOffSlowHeaders, period, period, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() throws Exception {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
        super.stop();
    }

    /** Times out every connection whose line and headers have taken longer than the limit so far. */
    void cutOffSlowHeaders() {
        long limit = maxHeaderReadTime.toNanos();
        long now = System.nanoTime();
        try {
            for (SocketWrapperBase<NioChannel> connection : getEndpoint().getConnections()) {
                if (connection.getCurrentProcessor() instanceof AbstractProcessor processor) {
                    Request request = processor.getRequest();
                    long started = request.getStartTimeNanos();
                    if (started > 0 && readingHeaders(request) && now - started > limit) {
                        connection.setError(new SocketTimeoutException("request line and headers too slow"));
                        getEndpoint().processSocket(connection, SocketEvent.ERROR, true);
                        if (log.isDebugEnabled()) {
                            log.debug("Timing out " + connection.getRemoteAddr() + ": its request line and headers took longer than "
                                    + maxHeaderReadTime.toMillis() + " ms");
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            // One failed pass must not cancel the schedule; the next one looks again.
            log.debug("Header time check failed", e);
        }
    }

    /**
     * Whether {@code request}, begun, is still at its line and headers. Tomcat's stage: PARSE while
     * the first request of a pass is read, KEEPALIVE for the next one on the same connection, ENDED
     * while the connection waits in the poller for more of an incomplete head. A request whose head
     * is complete is PREPARE, SERVICE or later until it is recycled (start time -1).
     */
    private static boolean readingHeaders(Request request) {
        int stage = request.getRequestProcessor().getStage();
        return stage == Constants.STAGE_PARSE || stage == Constants.STAGE_KEEPALIVE || stage == Constants.STAGE_ENDED;
    }
}
