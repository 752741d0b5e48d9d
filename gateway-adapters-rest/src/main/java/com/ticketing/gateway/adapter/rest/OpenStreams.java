package com.ticketing.gateway.adapter.rest;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The event streams this instance is serving, so that shutdown does not wait on them: {@link
 * #closeAll()} tells each to end with a {@code shutdown} event (the client reconnects to another
 * instance) and stops its upstream watch; a stream that starts afterwards ends the same way at
 * once. Thread-safe; nothing here blocks on I/O.
 */
public final class OpenStreams {

    private final Set<SseStream> open = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closing;

    /** Adds a stream; false (and not added) once {@link #closeAll()} has begun. */
    boolean add(SseStream stream) {
        lock.lock();
        try {
            if (closing) {
                return false;
            }
            open.add(stream);
            return true;
        } finally {
            lock.unlock();
        }
    }

    void remove(SseStream stream) {
        open.remove(stream);
    }

    /**
     * Stops every open stream (each ends on its own request thread moments later) and refuses
     * new ones from now on; returns how many were open. Returns at once.
     */
    public int closeAll() {
        lock.lock();
        try {
            closing = true;
            open.forEach(SseStream::stopForShutdown);
            return open.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many streams are open now. */
    public int size() {
        return open.size();
    }
}
