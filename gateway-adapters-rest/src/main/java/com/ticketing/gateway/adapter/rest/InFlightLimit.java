package com.ticketing.gateway.adapter.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load shedding: at most {@code maxInFlight} requests are served at once, and at most
 * {@code maxPerClient} of them for one client address (as the per-IP rate limits count it: behind a
 * trusted proxy the forwarded client, IPv6 by prefix), so that one client holding requests open (a
 * body sent a byte at a time) cannot take every slot. An event stream counts until it opens, then
 * hands its slot over to the stream limit, {@link OpenStreams}. One more is answered 503 at once,
 * never queued, so a flood costs the instance a few microseconds per refused request. The health probes and
 * {@code /metrics} are never counted nor refused: traffic must not fail a probe.
 *
 * <p>Each refusal is reported to {@code onShed} (a counter); the log gets one WARN line per
 * second at most while shedding lasts, with the number refused since the last one.
 * Thread-safe.
 */
public final class InFlightLimit extends EdgeStep {

    static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Logger LOG = LoggerFactory.getLogger(InFlightLimit.class);

    private final int maxInFlight;
    private final Semaphore permits;
    private final int maxPerClient;
    /** The client address a request counts under, or null when only the total is limited. */
    private final Function<HttpServletRequest, String> clientOf;
    private final KeyedQuota perClient;
    private final ProblemWriter problems;
    private final Runnable onShed;
    private final LongSupplier nanoTime;
    private final AtomicLong unlogged = new AtomicLong();
    private final AtomicLong nextLogAt;

    /**
     * @param onShed   told of every refused request; must be quick and must not throw
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}), for the log's pace
     */
    public InFlightLimit(int maxInFlight, ProblemWriter problems, Runnable onShed, LongSupplier nanoTime) {
        this(maxInFlight, maxInFlight, null, problems, onShed, nanoTime);
    }

    /**
     * @param maxPerClient at most this many of them for one client address ({@code MAX_IN_FLIGHT_PER_CLIENT})
     * @param clientOf     the client address a request counts under (resolved once per request)
     * @param onShed       told of every refused request; must be quick and must not throw
     * @param nanoTime     a monotonic clock in nanoseconds ({@code System::nanoTime}), for the log's pace
     */
    public InFlightLimit(int maxInFlight, int maxPerClient, Function<HttpServletRequest, String> clientOf,
                         ProblemWriter problems, Runnable onShed, LongSupplier nanoTime) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("MAX_IN_FLIGHT_REQUESTS must be at least 1, not " + maxInFlight);
        }
        if (maxPerClient < 1) {
            throw new IllegalArgumentException("MAX_IN_FLIGHT_PER_CLIENT must be at least 1, not " + maxPerClient);
        }
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        this.maxPerClient = maxPerClient;
        this.perClient = new KeyedQuota(maxPerClient);
        this.clientOf = clientOf;
        this.problems = problems;
        this.onShed = onShed;
        this.nanoTime = nanoTime;
        this.nextLogAt = new AtomicLong(nanoTime.getAsLong());
    }

    /** Requests being served now (exempt ones not counted). */
    public int inFlight() {
        return maxInFlight - permits.availablePermits();
    }

    @Override
    public void apply(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (exempt(request)) {
            chain.doFilter(request, response);
            return;
        }
        String client = clientOf == null ? null : clientOf.apply(request);
        if (client != null && !perClient.take(client)) {
            shed(request, response);
        } else if (permits.tryAcquire()) {
            Slot slot = new Slot(client);
            RequestState.of(request).slot(slot);
            try {
                chain.doFilter(request, response);
            } finally {
                slot.release();
            }
        } else {
            if (client != null) {
                perClient.giveBack(client);
            }
            shed(request, response);
        }
    }

    /** Requests in flight for {@code client} now (for tests and diagnostics). */
    int inFlight(String client) {
        return perClient.held(client);
    }

    private void shed(HttpServletRequest request, HttpServletResponse response) throws IOException {
        onShed.run();
        logShedding();
        problems.write(request, response, ProblemMapping.overloaded());
    }


    /**
     * Gives the request's slot back before the request ends (once; later calls and the filter's own
     * release do nothing): for a long-lived request that another limit bounds from now on.
     */
    static void handOver(HttpServletRequest request) {
        RequestState state = RequestState.peek(request);
        Runnable slot = state == null ? null : state.slot();
        if (slot != null) {
            slot.run();
        }
    }

    /** One request's permit, released exactly once. */
    private final class Slot extends AtomicBoolean implements Runnable {

        private static final long serialVersionUID = 1L;
        private final transient String client;

        Slot(String client) {
            this.client = client;
        }

        @Override
        public void run() {
            release();
        }

        void release() {
            if (compareAndSet(false, true)) {
                permits.release();
                if (client != null) {
                    perClient.giveBack(client);
                }
            }
        }
    }

    /**
     * The probes and the Prometheus endpoint, by the container's decoded and normalised path
     * ({@code /health/../api/x} is {@code /api/x}, hence counted).
     */
    static boolean exempt(HttpServletRequest request) {
        String path = request.getServletPath();
        if (request.getPathInfo() != null) {
            path += request.getPathInfo();
        }
        return path.equals("/health") || path.startsWith("/health/") || path.equals("/metrics");
    }

    private void logShedding() {
        unlogged.incrementAndGet();
        long now = nanoTime.getAsLong();
        long due = nextLogAt.get();
        if (now - due >= 0 && nextLogAt.compareAndSet(due, now + LOG_INTERVAL_NANOS)) {
            long refused = unlogged.getAndSet(0);
            LOG.warn("load shedding: {} request(s) answered 503 since the last report; the limits are {} in flight "
                    + "(MAX_IN_FLIGHT_REQUESTS), {} per client address (MAX_IN_FLIGHT_PER_CLIENT)", refused, maxInFlight,
                    maxPerClient);
        }
    }
}
