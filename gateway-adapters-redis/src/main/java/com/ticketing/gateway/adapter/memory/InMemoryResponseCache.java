package com.ticketing.gateway.adapter.memory;

import com.ticketing.gateway.domain.model.CachedResponse;
import com.ticketing.gateway.domain.port.ResponseCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Cached answers of one gateway instance: at most {@code maxEntries}, the least recently used
 * one making room for a new one; an entry is fresh for {@code ttl} after it was put and kept
 * {@code staleWindow} longer for stale serving ({@link Clock} time). Thread-safe: one short lock per operation (a {@link ReentrantLock}, which
 * does not pin virtual threads).
 */
public final class InMemoryResponseCache implements ResponseCache {

    /** The bound when none is given. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** How long an expired entry may still be served stale when none is given. */
    public static final Duration DEFAULT_STALE_WINDOW = Duration.ofMinutes(10);

    private record Entry(CachedResponse response, Instant expiresAt, Instant staleUntil) {
    }

    private final Clock clock;
    private final int maxEntries;
    private final Duration staleWindow;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Entry> entries;

    public InMemoryResponseCache(Clock clock) {
        this(clock, DEFAULT_MAX_ENTRIES);
    }

    public InMemoryResponseCache(Clock clock, int maxEntries) {
        this(clock, maxEntries, DEFAULT_STALE_WINDOW);
    }

    public InMemoryResponseCache(Clock clock, int maxEntries, Duration staleWindow) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (staleWindow == null || staleWindow.isNegative()) {
            throw new IllegalArgumentException("stale window must be zero or positive");
        }
        this.staleWindow = staleWindow;
        if (maxEntries < 1) {
            throw new IllegalArgumentException("max entries must be at least 1");
        }
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, InMemoryResponseCache.Entry> eldest) {
                return size() > InMemoryResponseCache.this.maxEntries;
            }
        };
    }

    @Override
    public Optional<CachedResponse> get(String key) {
        Instant now = clock.instant();
        lock.lock();
        try {
            Entry entry = entries.get(key);
            if (entry == null) {
                return Optional.empty();
            }
            if (!now.isBefore(entry.staleUntil())) {
                entries.remove(key);
                return Optional.empty();
            }
            return now.isBefore(entry.expiresAt()) ? Optional.of(entry.response()) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<CachedResponse> getStale(String key) {
        Instant now = clock.instant();
        lock.lock();
        try {
            Entry entry = entries.get(key);
            if (entry == null) {
                return Optional.empty();
            }
            if (!now.isBefore(entry.staleUntil())) {
                entries.remove(key);
                return Optional.empty();
            }
            return Optional.of(entry.response());
        } finally {
            lock.unlock();
        }
    }

    /** Stores {@code response} for {@code ttl}; a zero or negative ttl stores nothing. */
    @Override
    public void put(String key, CachedResponse response, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(response, "response");
        if (ttl.isNegative() || ttl.isZero()) {
            return;
        }
        Instant expiresAt = clock.instant().plus(ttl);
        Entry entry = new Entry(response, expiresAt, expiresAt.plus(staleWindow));
        lock.lock();
        try {
            entries.put(key, entry);
        } finally {
            lock.unlock();
        }
    }

    /** How many entries are held, including expired ones not yet dropped. For metrics and tests. */
    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }
}
