package com.ticketing.gateway.adapter.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.ticketing.gateway.domain.model.CachedResponse;
import com.ticketing.gateway.domain.port.ResponseCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Cached answers of one gateway instance, held in a Caffeine cache: at most {@code maxEntries}
 * (Caffeine's size-based eviction), each entry fresh for its own {@code ttl} after it was put and
 * kept {@code staleWindow} longer for the stale-if-error path, then expired by Caffeine (per-entry
 * expiry, read on the injected {@link Clock}). Thread-safe; maintenance runs on the calling thread.
 * Statistics are recorded for Micrometer's cache metrics ({@link #caffeine()}).
 */
public final class InMemoryResponseCache implements ResponseCache {

    /** The bound when none is given. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** How long an expired entry may still be served stale when none is given. */
    public static final Duration DEFAULT_STALE_WINDOW = Duration.ofMinutes(10);

    /** One answer: fresh until {@code freshUntil}, held (stale) for {@code lifetime} after it was put. */
    private record Entry(CachedResponse response, Instant freshUntil, Duration lifetime) {
    }

    private final Clock clock;
    private final Duration staleWindow;
    private final Cache<String, Entry> entries;

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
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(Expiry.writing((String key, Entry entry) -> entry.lifetime()))
                .ticker(() -> nanos(clock.instant()))
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Override
    public Optional<CachedResponse> get(String key) {
        Entry entry = entries.getIfPresent(key);
        return entry != null && clock.instant().isBefore(entry.freshUntil())
                ? Optional.of(entry.response()) : Optional.empty();
    }

    @Override
    public Optional<CachedResponse> getStale(String key) {
        return Optional.ofNullable(entries.getIfPresent(key)).map(Entry::response);
    }

    /** Stores {@code response} for {@code ttl}; a zero or negative ttl stores nothing. */
    @Override
    public void put(String key, CachedResponse response, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(response, "response");
        if (ttl.isNegative() || ttl.isZero()) {
            return;
        }
        entries.put(key, new Entry(response, clock.instant().plus(ttl), ttl.plus(staleWindow)));
    }

    /** How many entries are held, fresh or stale. For tests. */
    public int size() {
        entries.cleanUp();
        return (int) entries.estimatedSize();
    }

    /**
     * The Caffeine cache underneath, for Micrometer's {@code CaffeineCacheMetrics} (a hit there is an
     * entry found, fresh or stale; {@code gateway_cache_requests_total} tells them apart).
     */
    public Cache<?, ?> caffeine() {
        return entries;
    }
}
