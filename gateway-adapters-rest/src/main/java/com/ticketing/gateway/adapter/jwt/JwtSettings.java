package com.ticketing.gateway.adapter.jwt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * How tokens are verified. Access tokens use the configured {@link JwtAlgorithm}: HS256 with
 * {@code JWT_SECRET}, or RS256/ES256 with keys from {@link JwksSettings the JWKS endpoint}. Refresh
 * tokens are the gateway's own sessions and always use HS256 with {@code JWT_REFRESH_SECRET}.
 *
 * @param accessSecret  HS256 access-token secret; required for HS256, ignored otherwise (may be null)
 * @param jwks          required for RS256/ES256, refused for HS256
 * @param verifiedCache the cache of verified access tokens
 */
public record JwtSettings(String accessSecret, String refreshSecret, String issuer, String audience,
                          Duration clockSkew, int maxTokenLength, JwtAlgorithm algorithm, JwksSettings jwks,
                          TokenCacheSettings verifiedCache) {

    /** HS256 needs at least 256 bits of key. */
    public static final int MIN_SECRET_BYTES = 32;
    public static final String DEFAULT_ISSUER = "ticketing-auth";
    public static final String DEFAULT_AUDIENCE = "ticketing-gateway";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 4096;
    public static final JwtAlgorithm DEFAULT_ALGORITHM = JwtAlgorithm.HS256;

    public JwtSettings {
        Objects.requireNonNull(algorithm, "JWT_ALGORITHM");
        if (algorithm.usesKeySet()) {
            if (jwks == null) {
                throw new IllegalArgumentException("JWT_JWKS_URL is required when JWT_ALGORITHM is " + algorithm);
            }
        } else {
            requireStrong(accessSecret, "JWT_SECRET");
            if (jwks != null) {
                throw new IllegalArgumentException("JWT_JWKS_URL is set but JWT_ALGORITHM is " + algorithm
                        + ": set JWT_ALGORITHM=RS256 or ES256, or remove JWT_JWKS_URL");
            }
        }
        requireStrong(refreshSecret, "JWT_REFRESH_SECRET");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(verifiedCache, "verifiedCache");
        if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("clock skew must be between 0 and 5 minutes");
        }
        if (maxTokenLength < 256) {
            throw new IllegalArgumentException("max token length must be at least 256");
        }
    }

    /** HS256 for both token types, with the default verified-token cache. */
    public JwtSettings(String accessSecret, String refreshSecret, String issuer, String audience,
                       Duration clockSkew, int maxTokenLength) {
        this(accessSecret, refreshSecret, issuer, audience, clockSkew, maxTokenLength, JwtAlgorithm.HS256, null,
                TokenCacheSettings.DEFAULT);
    }

    private static void requireStrong(String secret, String variable) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(variable + " must be at least " + MIN_SECRET_BYTES + " bytes");
        }
    }

    @Override
    public String toString() {
        return "JwtSettings[algorithm=" + algorithm + ", jwks=" + (jwks == null ? "none" : jwks.url())
                + ", issuer=" + issuer + ", audience=" + audience + ", clockSkew=" + clockSkew
                + ", verifiedCache=" + verifiedCache + "]";
    }
}
