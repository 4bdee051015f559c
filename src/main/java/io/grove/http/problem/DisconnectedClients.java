package io.grove.http.problem;

import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Clients that go away while their answer is being written: a client timing out, a load balancer
 * giving up. That is routine and not Grove's fault, so both front ends log it at DEBUG, one line,
 * under {@value #LOG} (a stack trace at TRACE), rather than a WARN or an ERROR per request, which
 * a flapping client would turn into a flood. Spring's {@link DisconnectedClientHelper} decides what
 * counts as gone.
 */
public final class DisconnectedClients {

    public static final String LOG = "io.grove.api.disconnects";

    private static final DisconnectedClientHelper helper = new DisconnectedClientHelper(LOG);

    private DisconnectedClients() {
    }

    /** Whether {@code e} says the client has gone; if it does, it is logged at DEBUG. */
    public static boolean gone(Throwable e) {
        return helper.checkAndLogClientDisconnectedException(e);
    }
}
