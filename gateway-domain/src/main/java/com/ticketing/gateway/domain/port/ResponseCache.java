package com.ticketing.gateway.domain.port;

import com.ticketing.gateway.domain.model.CachedResponse;
import java.time.Duration;
import java.util.Optional;

/** Cached answers of cacheable public routes. Thread-safe; entries live at most their ttl. */
public interface ResponseCache {

    /** The fresh entry under {@code key}, if any. */
    Optional<CachedResponse> get(String key);

    void put(String key, CachedResponse response, Duration ttl);
}
