package com.ticketing.gateway.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A login session as the gateway keeps it: whose it is, which refresh token is the current one,
 * and when it ends (the refresh token's expiry; nothing is kept longer).
 */
public record Session(SessionId id, UserId userId, String refreshTokenId, Instant expiresAt) {
    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(refreshTokenId, "refreshTokenId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
