package com.ticketing.gateway.domain.port;

import com.ticketing.gateway.domain.model.CachedResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Cached answers of cacheable public routes. Thread-safe. An entry is fresh for its ttl; after
 * that it is kept a while longer (the adapter's stale window) only to be served, marked stale,
 * while the service behind it is unavailable.
 */
public interface ResponseCache {

    /** The fresh entry under {@code key}, if any. */
    Optional<CachedResponse> get(String key);

    /** The entry under {@code key}, fresh or stale, while it is still kept. */
    Optional<CachedResponse> getStale(String key);

    void put(String key, CachedResponse response, Duration ttl);
}
