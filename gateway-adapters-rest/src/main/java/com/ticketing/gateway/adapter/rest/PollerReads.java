package com.ticketing.gateway.adapter.rest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's NIO endpoint whose poller reads a plain connection's request itself: when a waiting
 * connection becomes readable, the poller thread parses the request head (non-blocking) and
 * passes it to the container, where {@link EdgeFilter} puts it on a thread of its own at once.
 * Tomcat hands every readable connection to a new thread of its executor instead, which on a
 * small machine costs more than the head's parsing: a virtual thread started, scheduled on a
 * carrier that may have to be woken, and ended, for every request.
 *
 * <p>The poller serves requests itself for at most half of its time ({@link PollerBudget}, over
 * windows of 100 ms); past that, the window's other requests go to the executor as in Tomcat, so
 * on a machine with many cores the one poller thread never becomes the limit.
 *
 * <p>Nothing that may block runs on the poller, which serves every connection:
 * <ul>
 *   <li>{@link EdgeFilter} leaves the poller with every request: the API's on a thread of
 *       their own, any other's (probes, metrics, documents) by an asynchronous dispatch that
 *       {@link #afterPass} starts once the poller's pass has ended, on the executor;</li>
 *   <li>a write the poller makes itself (the connector's own answers: a head it refuses,
 *       {@code OPTIONS *}) never waits for a client that does not read: when the connection
 *       takes no byte, it fails and the connection is closed ({@link PollerSafeChannel});</li>
 *   <li>TLS connections (their handshake) and every other event (writes, time-outs, the
 *       completion of an asynchronous request) go to the executor as in Tomcat.</li>
 * </ul>
 */
public class PollerReads extends NioEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(PollerReads.class);

    /** On the poller thread, while it serves a request itself: what to run once that pass has ended. */
    private static final ThreadLocal<ArrayDeque<Runnable>> SERVING = new ThreadLocal<>();

    /** The window over which the poller's own serving is counted: 100 ms. */
    private static final long BUDGET_WINDOW_NANOS = 100_000_000L;
    /** The part of each window the poller may spend serving requests itself: half. */
    private static final double BUDGET_SHARE = 0.5;

    /** This endpoint's poller thread once seen (Tomcat names it {@code <endpoint>-Poller}). */
    private volatile Thread poller;
    /** The poller's serving time, counted on the poller thread only (made there on its first request). */
    private PollerBudget budget;

    @Override
    public void startInternal() throws Exception {
        poller = null;
        budget = null;
        super.startInternal();
    }

    @Override
    public boolean processSocket(SocketWrapperBase<NioChannel> wrapper, SocketEvent event, boolean dispatch) {
        if (!dispatch || event != SocketEvent.OPEN_READ || isSSLEnabled() || !onPoller() || SERVING.get() != null) {
            return super.processSocket(wrapper, event, dispatch);
        }
        long start = System.nanoTime();
        PollerBudget budget = this.budget;
        if (budget == null) {
            budget = this.budget = new PollerBudget(BUDGET_WINDOW_NANOS, BUDGET_SHARE, start);
        }
        if (!budget.mayServe(start)) {
            return super.processSocket(wrapper, event, true);
        }
        try {
            return pass(() -> super.processSocket(wrapper, event, false));
        } finally {
            budget.spent(System.nanoTime() - start);
        }
    }

    /**
     * Runs {@code pass} as the poller's own pass over a request ({@link #servingOnPoller()} holds
     * during it), then what it left for {@link #afterPass}.
     */
    static boolean pass(BooleanSupplier pass) {
        ArrayDeque<Runnable> after = new ArrayDeque<>(2);
        SERVING.set(after);
        try {
            return pass.getAsBoolean();
        } finally {
            try {
                for (Runnable next = after.poll(); next != null; next = after.poll()) {
                    try {
                        next.run();
                    } catch (RuntimeException e) {
                        LOG.warn("a request could not leave the poller: {}", e.toString());
                    }
                }
            } finally {
                SERVING.remove();
            }
        }
    }

    /** Whether the current thread is a poller serving a request itself: nothing may block on it. */
    static boolean servingOnPoller() {
        return !Thread.currentThread().isVirtual() && SERVING.get() != null;
    }

    /**
     * Runs {@code action} on the poller once its pass over the current request has ended (the
     * request's container call returned): for what must not happen while the container still
     * serves the request on the poller, such as an asynchronous dispatch. Only while
     * {@link #servingOnPoller()}.
     */
    static void afterPass(Runnable action) {
        ArrayDeque<Runnable> after = SERVING.get();
        if (after == null) {
            throw new IllegalStateException("not serving on a poller");
        }
        after.add(action);
    }

    private boolean onPoller() {
        Thread current = Thread.currentThread();
        Thread known = poller;
        if (known != null) {
            return known == current;
        }
        if (current.isVirtual() || !current.getName().equals(getName() + "-Poller")) {
            return false;
        }
        poller = current;
        return true;
    }

    @Override
    protected NioChannel createChannel(SocketBufferHandler buffers) {
        return isSSLEnabled() ? super.createChannel(buffers) : new PollerSafeChannel(buffers);
    }

    /** A plain connection whose writes on a poller serving it fail rather than wait for the client. */
    static final class PollerSafeChannel extends NioChannel {

        PollerSafeChannel(SocketBufferHandler buffers) {
            super(buffers);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int written = super.write(src);
            if (written == 0 && src.hasRemaining() && servingOnPoller()) {
                throw notReading();
            }
            return written;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long written = super.write(srcs, offset, length);
            if (written == 0 && servingOnPoller()) {
                for (int i = offset; i < offset + length; i++) {
                    if (srcs[i].hasRemaining()) {
                        throw notReading();
                    }
                }
            }
            return written;
        }

        private static IOException notReading() {
            return new IOException("the client does not read its answers: the connection is closed rather than "
                    + "the poller kept waiting");
        }
    }
}
