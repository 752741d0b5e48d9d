package com.ticketing.gateway.app;

import com.ticketing.gateway.domain.model.CachedResponse;
import com.ticketing.gateway.domain.port.ResponseCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;

/** Counts cache lookups: {@code gateway_cache_requests_total{result="hit|miss|stale"}}. */
final class MeteredResponseCache implements ResponseCache {

    private final ResponseCache delegate;
    private final Counter hits;
    private final Counter misses;
    private final Counter stale;

    MeteredResponseCache(ResponseCache delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.hits = counter(registry, "hit");
        this.misses = counter(registry, "miss");
        this.stale = counter(registry, "stale");
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("gateway.cache.requests").description("Response cache lookups by result")
                .tag("result", result).register(registry);
    }

    @Override
    public Optional<CachedResponse> get(String key) {
        Optional<CachedResponse> found = delegate.get(key);
        (found.isPresent() ? hits : misses).increment();
        return found;
    }

    @Override
    public Optional<CachedResponse> getStale(String key) {
        Optional<CachedResponse> found = delegate.getStale(key);
        if (found.isPresent()) {
            stale.increment();
        }
        return found;
    }

    @Override
    public void put(String key, CachedResponse response, Duration ttl) {
        delegate.put(key, response, ttl);
    }
}
