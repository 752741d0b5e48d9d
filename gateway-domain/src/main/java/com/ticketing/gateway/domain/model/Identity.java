package com.ticketing.gateway.domain.model;

import java.util.Objects;

/**
 * The verified caller of a protected request: derived only from a verified access token whose
 * session is active. The token travels on to services; {@link #toString()} never shows it.
 */
public record Identity(UserId userId, SessionId sessionId, String accessToken) {
    public Identity {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(accessToken, "accessToken");
    }

    @Override
    public String toString() {
        return "Identity[userId=" + userId + ", sessionId=" + sessionId + "]";
    }
}
