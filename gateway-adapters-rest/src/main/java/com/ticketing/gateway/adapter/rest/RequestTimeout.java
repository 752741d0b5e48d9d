package com.ticketing.gateway.adapter.rest;

import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * A request whose head or body did not arrive in time ({@link RequestDeadlines}). A
 * {@link SocketTimeoutException}, as a read that timed out is to the container.
 */
final class RequestTimeout extends SocketTimeoutException {

    private static final long serialVersionUID = 1L;

    private final transient RequestDeadlines.Phase phase;

    RequestTimeout(RequestDeadlines.Phase phase) {
        super("the request " + phase.tag() + " was not received in time");
        this.phase = phase;
    }

    RequestDeadlines.Phase phase() {
        return phase;
    }

    /** Whether {@code failure} is, or was caused by, a request that did not arrive in time. */
    static boolean isCause(IOException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RequestTimeout) {
                return true;
            }
        }
        return false;
    }
}
