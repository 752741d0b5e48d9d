package com.ticketing.stub.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A login session. Only the refresh token whose jti is {@code refreshTokenId} may rotate it;
 * {@code expiresAt} is that token's expiry.
 */
public record Session(String sessionId, String userId, String refreshTokenId, boolean revoked, Instant expiresAt) {

    public Session {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(refreshTokenId, "refreshTokenId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean isActive(Instant now) {
        return !revoked && now.isBefore(expiresAt);
    }

    public Session rotatedTo(String nextRefreshTokenId, Instant nextExpiresAt) {
        return new Session(sessionId, userId, nextRefreshTokenId, false, nextExpiresAt);
    }

    public Session revoke() {
        return new Session(sessionId, userId, refreshTokenId, true, expiresAt);
    }
}
