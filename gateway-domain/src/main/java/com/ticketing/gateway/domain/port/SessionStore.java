package com.ticketing.gateway.domain.port;

import com.ticketing.gateway.domain.model.Rotation;
import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.UserId;
import java.time.Instant;

/**
 * Server-side sessions, shared by every gateway instance that uses the same store. A session is
 * found only under the user it was opened for: asked for with another owner (a token whose
 * subject is not the session's user) it is {@link SessionState#UNKNOWN} and cannot be rotated or
 * revoked. Each operation is atomic; entries expire with their session. Thread-safe. Throws
 * {@link StoreUnavailableException} when the store cannot answer (sessions then fail closed).
 */
public interface SessionStore {

    /** Records a new session of {@code session.userId()} whose current refresh token is {@code session.refreshTokenId()}. */
    void open(Session session);

    /** The state of session {@code id} of {@code owner}. */
    SessionState state(SessionId id, UserId owner);

    /**
     * Atomically replaces the current refresh token {@code presentedTokenId} by {@code nextTokenId}
     * and extends the session to {@code expiresAt}. A presented token that is not the current one
     * revokes the session ({@link Rotation#REUSED}), unless {@code nextTokenId} already is: the same
     * rotation made again (its first answer was lost to a store failure) is {@link Rotation#ROTATED}
     * and changes nothing. Only the instance that was issued {@code nextTokenId} can name it.
     */
    Rotation rotate(SessionId id, UserId owner, String presentedTokenId, String nextTokenId, Instant expiresAt);

    /** Revokes the session at once; idempotent. */
    void revoke(SessionId id, UserId owner);
}
