package com.ticketing.gateway.domain.testing;

import com.ticketing.gateway.domain.model.CachedResponse;
import com.ticketing.gateway.domain.port.ResponseCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** An unbounded response cache on a test clock, for unit tests. It passes {@code ResponseCacheContract}. */
public final class FakeResponseCache implements ResponseCache {

    private record Entry(CachedResponse response, Instant expiresAt) {
    }

    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();
    private int puts;

    public FakeResponseCache(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Optional<CachedResponse> get(String key) {
        Entry entry = entries.get(key);
        if (entry == null || !clock.instant().isBefore(entry.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(entry.response());
    }

    /** Expired entries are kept for ever here: a test decides what is stale by the clock. */
    @Override
    public synchronized Optional<CachedResponse> getStale(String key) {
        return Optional.ofNullable(entries.get(key)).map(Entry::response);
    }

    @Override
    public synchronized void put(String key, CachedResponse response, Duration ttl) {
        puts++;
        if (ttl.isNegative() || ttl.isZero()) {
            return;
        }
        entries.put(key, new Entry(response, clock.instant().plus(ttl)));
    }

    /** How many times {@link #put} was called. */
    public synchronized int puts() {
        return puts;
    }

    /** The keys of the entries held, fresh or not. */
    public synchronized java.util.Set<String> keys() {
        return java.util.Set.copyOf(entries.keySet());
    }
}
