package com.ticketing.stub.auth;

import com.ticketing.stub.support.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Server-side sessions and refresh-token rotation. Thread-safe: each rotation is one atomic
 * update of its session, so of concurrent refreshes with one token exactly one rotates.
 */
public final class SessionRegistry {

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    public SessionRegistry(Clock clock) {
        this.clock = clock;
    }

    public Session open(String userId, String refreshTokenId, Instant expiresAt) {
        Session session = new Session(Ids.next("ses"), userId, refreshTokenId, false, expiresAt);
        sessions.put(session.sessionId(), session);
        return session;
    }

    public Optional<Session> find(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    public boolean isActive(String sessionId) {
        return find(sessionId).map(session -> session.isActive(clock.instant())).orElse(false);
    }

    /** Rotates from {@code presentedTokenId} to {@code nextTokenId}; a stale token revokes the session. */
    public Rotation rotate(String sessionId, String presentedTokenId, String nextTokenId, Instant nextExpiresAt) {
        Instant now = clock.instant();
        AtomicReference<Rotation> outcome = new AtomicReference<>(new Rotation.Unknown());
        sessions.computeIfPresent(sessionId, (id, session) -> {
            if (session.revoked()) {
                outcome.set(new Rotation.Revoked());
                return session;
            }
            if (!session.isActive(now)) {
                return session;
            }
            if (!session.refreshTokenId().equals(presentedTokenId)) {
                outcome.set(new Rotation.Reused());
                return session.revoke();
            }
            Session rotated = session.rotatedTo(nextTokenId, nextExpiresAt);
            outcome.set(new Rotation.Rotated(rotated));
            return rotated;
        });
        return outcome.get();
    }

    /** Revokes the session; idempotent. False when there is no such session. */
    public boolean revoke(String sessionId) {
        return sessions.computeIfPresent(sessionId, (id, session) -> session.revoke()) != null;
    }
}
