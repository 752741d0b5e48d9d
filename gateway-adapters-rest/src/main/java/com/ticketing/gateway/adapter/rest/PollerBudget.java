package com.ticketing.gateway.adapter.rest;

/**
 * How much of its time a poller may spend serving requests itself ({@link PollerReads}): at most
 * {@code share} of each window. Past that, the window's other requests go to the executor as in
 * Tomcat, so a poller that cannot keep up (many cores, many connections) never becomes the limit:
 * it serves what it has time for and hands on the rest. Used by the poller thread only.
 */
final class PollerBudget {

    private final long windowNanos;
    private final long maxBusyNanos;
    private long windowStart;
    private long busyNanos;

    /**
     * @param windowNanos the length of a window
     * @param share       the part of a window the poller may spend serving, above 0 and at most 1
     * @param start       the clock's reading now (the first window starts here)
     */
    PollerBudget(long windowNanos, double share, long start) {
        if (windowNanos <= 0 || !(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("a window and a share above 0 (at most 1), not " + windowNanos + " and " + share);
        }
        this.windowNanos = windowNanos;
        this.maxBusyNanos = (long) (windowNanos * share);
        this.windowStart = start;
    }

    /** Whether the poller may serve a request itself at {@code now}. */
    boolean mayServe(long now) {
        if (now - windowStart >= windowNanos) {
            windowStart = now;
            busyNanos = 0;
        }
        return busyNanos < maxBusyNanos;
    }

    /** Counts {@code nanos} the poller spent serving a request against the current window. */
    void spent(long nanos) {
        busyNanos += nanos;
    }
}
