package com.ticketing.gateway.adapter.rest;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The event streams this instance is serving, so that shutdown does not wait on them: {@link
 * #closeAll()} tells each to end with a {@code shutdown} event (the client reconnects to another
 * instance) and stops its upstream watch; a stream that starts afterwards ends the same way at
 * once. At most {@code maxOpen} streams are open at a time: an open stream holds a connection, a
 * parked request thread and an upstream call for as long as the client watches, so streams are
 * bounded on their own instead of by the in-flight request limit (which they leave once open); and
 * at most {@code maxPerUser} of them for one user, so that one account cannot take every stream.
 * Thread-safe; nothing here blocks on I/O.
 */
public final class OpenStreams {

    /** Whether a stream may open. */
    enum Admission { OPEN, FULL, CLOSING }

    private final int maxOpen;
    private final Set<SseStream> open = ConcurrentHashMap.newKeySet();
    /** The open streams counted for each user (by {@link #admitFor}), by user id. */
    private final KeyedQuota perUser;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong refused = new AtomicLong();
    private boolean closing;

    public OpenStreams(int maxOpen) {
        this(maxOpen, maxOpen);
    }

    /** @param maxPerUser at most this many open streams of one user ({@code MAX_OPEN_STREAMS_PER_USER}) */
    public OpenStreams(int maxOpen, int maxPerUser) {
        if (maxOpen < 1) {
            throw new IllegalArgumentException("MAX_OPEN_STREAMS must be at least 1, not " + maxOpen);
        }
        if (maxPerUser < 1) {
            throw new IllegalArgumentException("MAX_OPEN_STREAMS_PER_USER must be at least 1, not " + maxPerUser);
        }
        this.maxOpen = maxOpen;
        this.perUser = new KeyedQuota(maxPerUser);
    }

    /**
     * Counts an open stream for {@code user}, unless the user has {@code maxPerUser} open already;
     * whether it was counted. A counted stream is uncounted when it is {@link #remove removed}.
     */
    boolean admitFor(String user) {
        if (perUser.take(user)) {
            return true;
        }
        refused.incrementAndGet();
        return false;
    }

    /** Open streams counted for {@code user} now. */
    int openFor(String user) {
        return perUser.held(user);
    }

    /** Adds a stream unless shutdown has begun or {@code maxOpen} are open already. */
    Admission add(SseStream stream) {
        lock.lock();
        try {
            if (closing) {
                return Admission.CLOSING;
            }
            if (open.size() >= maxOpen) {
                refused.incrementAndGet();
                return Admission.FULL;
            }
            open.add(stream);
            return Admission.OPEN;
        } finally {
            lock.unlock();
        }
    }

    /** Streams refused because {@code maxOpen} were open, or {@code maxPerUser} of their user's, since start. */
    public long refused() {
        return refused.get();
    }

    void remove(SseStream stream) {
        open.remove(stream);
        String user = stream.countedFor();
        if (user != null) {
            perUser.giveBack(user);
        }
    }

    /**
     * Stops every open stream (each ends on its own request thread moments later) and refuses
     * new ones from now on; returns how many were open. Returns at once.
     */
    public int closeAll() {
        lock.lock();
        try {
            closing = true;
            // Counted before stopping: a stopped stream may end and deregister at once.
            List<SseStream> stopping = List.copyOf(open);
            stopping.forEach(SseStream::stopForShutdown);
            return stopping.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends every open stream a heartbeat ({@link SseStream#heartbeat()}), each on a virtual thread
     * of its own so that one slow client holds up no other; a stream whose client has gone ends.
     * Returns at once.
     */
    public void heartbeat() {
        for (SseStream stream : List.copyOf(open)) {
            Thread.ofVirtual().name("sse-heartbeat").start(stream::heartbeat);
        }
    }

    /** How many streams are open now. */
    public int size() {
        return open.size();
    }
}
