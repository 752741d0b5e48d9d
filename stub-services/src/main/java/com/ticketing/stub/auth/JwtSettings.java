package com.ticketing.stub.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * How tokens are signed and checked: HS256 with one secret for access and another for refresh
 * tokens (each at least 32 bytes of UTF-8), a fixed issuer and audience, and lifetimes.
 */
public record JwtSettings(
        String accessSecret,
        String refreshSecret,
        String issuer,
        String audience,
        Duration accessTtl,
        Duration refreshTtl) {

    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    public JwtSettings {
        requireSecret("access secret", accessSecret);
        requireSecret("refresh secret", refreshSecret);
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("issuer must not be blank");
        }
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("audience must not be blank");
        }
        requirePositive("access ttl", accessTtl);
        requirePositive("refresh ttl", refreshTtl);
    }

    public String secret(TokenType type) {
        return type == TokenType.ACCESS ? accessSecret : refreshSecret;
    }

    public Duration ttl(TokenType type) {
        return type == TokenType.ACCESS ? accessTtl : refreshTtl;
    }

    private static void requireSecret(String name, String secret) {
        Objects.requireNonNull(secret, name);
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(name + " must be at least " + MIN_SECRET_BYTES + " bytes");
        }
    }

    private static void requirePositive(String name, Duration duration) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero() || duration.toSeconds() < 1) {
            throw new IllegalArgumentException(name + " must be at least one second");
        }
    }
}
