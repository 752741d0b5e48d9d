package com.ticketing.gateway.domain.route;

import java.time.Duration;

/**
 * How a route's successful answers may be cached: by the gateway for {@code ttl}, and by
 * clients with {@code Cache-Control: max-age} and an {@code ETag}.
 */
public record CachePolicy(Duration ttl) {

    public static final CachePolicy NONE = new CachePolicy(Duration.ZERO);

    public CachePolicy {
        if (ttl == null || ttl.isNegative()) {
            throw new IllegalArgumentException("cache ttl must be zero or positive");
        }
    }

    public boolean cacheable() {
        return !ttl.isZero();
    }
}
