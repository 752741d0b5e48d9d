package com.ticketing.gateway.domain.model;

import java.time.Instant;
import java.util.Objects;

/** The verified claims of an access or refresh token. */
public record TokenClaims(UserId userId, SessionId sessionId, String tokenId, Instant expiresAt) {
    public TokenClaims {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (tokenId == null || tokenId.isBlank()) {
            throw new IllegalArgumentException("token id (jti) must not be blank");
        }
    }
}
