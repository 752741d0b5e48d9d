package com.ticketing.gateway.adapter.rest;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code SERVER_MAX_CONNECTIONS_PER_CLIENT} open connections per client address, counted as
 * the per-IP limits count it (an IPv6 client by its network, {@link TrustedProxies#limitSubject}),
 * so that one address opening connections and sending nothing cannot take every connection the
 * server holds ({@code SERVER_MAX_CONNECTIONS}) from everyone else, the orchestrator's probes
 * included. A trusted proxy's connections are not counted. A connection beyond its address's share
 * is closed as it is accepted, counted, and reported in one WARN line per 10 s at most. Thread-safe.
 */
public final class PeerConnections {

    private static final Logger LOG = LoggerFactory.getLogger(PeerConnections.class);
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final int maxPerClient;
    private final KeyedQuota held;
    private final TrustedProxies proxies;
    private final Runnable onRefused;
    private final LongSupplier nanoTime;
    private final AtomicLong unlogged = new AtomicLong();
    private final AtomicLong nextLogAt;

    /** What {@link #take} answers for a connection that is not counted (a trusted proxy's, or no IP peer). */
    static final String UNCOUNTED = "";

    /**
     * @param onRefused told of each connection refused (a counter); must be quick and must not throw
     */
    public PeerConnections(int maxPerClient, TrustedProxies proxies, Runnable onRefused, LongSupplier nanoTime) {
        if (maxPerClient < 1) {
            throw new IllegalArgumentException("SERVER_MAX_CONNECTIONS_PER_CLIENT must be at least 1, not "
                    + maxPerClient);
        }
        this.maxPerClient = maxPerClient;
        this.held = new KeyedQuota(maxPerClient);
        this.proxies = Objects.requireNonNull(proxies, "proxies");
        this.onRefused = Objects.requireNonNull(onRefused, "onRefused");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.nextLogAt = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * One more connection from {@code peer} (4 or 16 address bytes; null when the peer has no IP
     * address): the key to {@link #release} it under ({@link #UNCOUNTED} when it is not counted), or
     * null when the address holds its share already and the connection is to be closed.
     */
    String take(byte[] peer) {
        String subject = peer == null ? null : proxies.peerSubject(peer);
        if (subject == null) {
            return UNCOUNTED;
        }
        if (held.take(subject)) {
            return subject;
        }
        onRefused.run();
        report(subject);
        return null;
    }

    /** Gives back a connection {@link #take} counted under {@code key}. */
    void release(String key) {
        if (!key.isEmpty()) {
            held.giveBack(key);
        }
    }

    /** Connections open now under {@code key} (for tests and diagnostics). */
    int open(String key) {
        return held.held(key);
    }

    private void report(String subject) {
        unlogged.incrementAndGet();
        long now = nanoTime.getAsLong();
        long due = nextLogAt.get();
        if (now - due >= 0 && nextLogAt.compareAndSet(due, now + LOG_INTERVAL_NANOS)) {
            LOG.warn("connections refused: {} since the last report, each beyond its address's {} open connections "
                    + "(SERVER_MAX_CONNECTIONS_PER_CLIENT); the last from {}", unlogged.getAndSet(0), maxPerClient,
                    subject);
        }
    }
}
