package com.ticketing.gateway.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What a stream ticket stands for: one user's session may open one booking's status stream until
 * {@code expiresAt}. The access token the ticket was issued under travels on to the booking
 * worker when the stream opens (services check the caller's token); {@link #toString()} never
 * shows it.
 */
public record StreamGrant(UserId userId, SessionId sessionId, String bookingId, String accessToken,
                          Instant expiresAt) {
    public StreamGrant {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (bookingId == null || bookingId.isEmpty()) {
            throw new IllegalArgumentException("a stream grant names its booking");
        }
    }

    /** Whether the grant still holds at {@code now} (it ends at {@code expiresAt}, exclusive). */
    public boolean validAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    /** The caller the stream is opened for. */
    public Identity identity() {
        return new Identity(userId, sessionId, accessToken);
    }

    @Override
    public String toString() {
        return "StreamGrant[userId=" + userId + ", sessionId=" + sessionId + ", bookingId=" + bookingId
                + ", expiresAt=" + expiresAt + "]";
    }
}
