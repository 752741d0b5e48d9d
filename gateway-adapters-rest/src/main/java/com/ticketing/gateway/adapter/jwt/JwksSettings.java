package com.ticketing.gateway.adapter.jwt;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where RS256/ES256 verification keys come from and how often they are re-read.
 *
 * @param url                the JWKS document ({@code JWT_JWKS_URL}); the only URL ever fetched for keys
 * @param refreshInterval    delay between background re-reads ({@code JWT_JWKS_REFRESH_MS})
 * @param minRefetchInterval at most one extra read per this interval when a token names an unknown
 *                           {@code kid} ({@code JWT_JWKS_MIN_REFETCH_MS})
 * @param fetchTimeout       connect and overall time limit of one read ({@code JWT_JWKS_TIMEOUT_MS})
 */
public record JwksSettings(URI url, Duration refreshInterval, Duration minRefetchInterval, Duration fetchTimeout) {

    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(2);

    public JwksSettings {
        Objects.requireNonNull(url, "JWT_JWKS_URL");
        if (!url.isAbsolute() || url.getHost() == null
                || !("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()))) {
            throw new IllegalArgumentException("JWT_JWKS_URL must be an absolute http(s) URL, was " + url);
        }
        requirePositive(refreshInterval, "JWT_JWKS_REFRESH_MS");
        requirePositive(minRefetchInterval, "JWT_JWKS_MIN_REFETCH_MS");
        requirePositive(fetchTimeout, "JWT_JWKS_TIMEOUT_MS");
        if (fetchTimeout.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("JWT_JWKS_TIMEOUT_MS must be at most 30 s: a key fetch can hold a request");
        }
    }

    /** The given URL with the default intervals and timeout. */
    public static JwksSettings of(URI url) {
        return new JwksSettings(url, DEFAULT_REFRESH_INTERVAL, DEFAULT_MIN_REFETCH_INTERVAL, DEFAULT_FETCH_TIMEOUT);
    }

    private static void requirePositive(Duration duration, String setting) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(setting + " must be positive");
        }
    }
}
