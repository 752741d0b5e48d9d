package com.ticketing.gateway.adapter.jwt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * How tokens are verified: HS256 with one secret per token type, the expected issuer and
 * audience, and the clock skew tolerated on {@code exp}/{@code nbf}.
 */
public record JwtSettings(String accessSecret, String refreshSecret, String issuer, String audience,
                          Duration clockSkew, int maxTokenLength) {

    /** HS256 needs at least 256 bits of key. */
    public static final int MIN_SECRET_BYTES = 32;
    public static final String DEFAULT_ISSUER = "ticketing-auth";
    public static final String DEFAULT_AUDIENCE = "ticketing-gateway";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 4096;

    public JwtSettings {
        requireStrong(accessSecret, "JWT_SECRET");
        requireStrong(refreshSecret, "JWT_REFRESH_SECRET");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("clock skew must be between 0 and 5 minutes");
        }
        if (maxTokenLength < 256) {
            throw new IllegalArgumentException("max token length must be at least 256");
        }
    }

    private static void requireStrong(String secret, String variable) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(variable + " must be at least " + MIN_SECRET_BYTES + " bytes");
        }
    }

    @Override
    public String toString() {
        return "JwtSettings[issuer=" + issuer + ", audience=" + audience + ", clockSkew=" + clockSkew + "]";
    }
}
