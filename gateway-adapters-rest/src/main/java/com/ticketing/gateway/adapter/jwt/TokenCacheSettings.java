package com.ticketing.gateway.adapter.jwt;

import java.time.Duration;

/**
 * The cache of verified access tokens: a token seen again skips signature verification until its
 * {@code exp} or {@code maxAge} after verification, whichever comes first.
 *
 * @param maxEntries at most this many tokens are remembered; 0 turns the cache off
 * @param maxAge     the longest a verification is reused
 */
public record TokenCacheSettings(int maxEntries, Duration maxAge) {

    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(60);
    public static final TokenCacheSettings DEFAULT = new TokenCacheSettings(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_AGE);
    public static final TokenCacheSettings DISABLED = new TokenCacheSettings(0, DEFAULT_MAX_AGE);

    public TokenCacheSettings {
        if (maxEntries < 0 || maxEntries > 1_000_000) {
            throw new IllegalArgumentException("JWT_CACHE_MAX_ENTRIES must be between 0 and 1000000");
        }
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero() || maxAge.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("JWT_CACHE_MAX_AGE_MS must be positive and at most 10 minutes");
        }
    }

    boolean enabled() {
        return maxEntries > 0;
    }
}
