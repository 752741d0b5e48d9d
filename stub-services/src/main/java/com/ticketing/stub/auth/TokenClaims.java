package com.ticketing.stub.auth;

import java.time.Instant;
import java.util.Objects;

/** The verified claims of a token: sub, sid, jti, typ and exp. */
public record TokenClaims(String userId, String sessionId, String tokenId, TokenType type, Instant expiresAt) {

    public TokenClaims {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
