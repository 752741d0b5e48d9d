package com.ticketing.gateway.domain.testing;

import com.ticketing.gateway.domain.model.Rotation;
import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.port.SessionStore;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A simple session store for unit tests: one lock, a test clock, and a switch that makes every
 * operation fail as an unreachable store would. It passes {@code SessionStoreContract}.
 */
public final class FakeSessionStore implements SessionStore {

    /** What the store holds for one session. */
    public record Entry(UserId userId, String refreshTokenId, boolean revoked, Instant expiresAt) {
    }

    private final Clock clock;
    private final Map<SessionId, Entry> sessions = new HashMap<>();
    private boolean down;

    public FakeSessionStore(Clock clock) {
        this.clock = clock;
    }

    /** While down, every operation throws {@link StoreUnavailableException}. */
    public synchronized void down(boolean value) {
        this.down = value;
    }

    /** The live entry of {@code id}, if any. */
    public synchronized Optional<Entry> entry(SessionId id) {
        return Optional.ofNullable(live(id));
    }

    @Override
    public synchronized void open(Session session) {
        checkUp();
        sessions.put(session.id(),
                new Entry(session.userId(), session.refreshTokenId(), false, session.expiresAt()));
    }

    @Override
    public synchronized SessionState state(SessionId id, UserId owner) {
        checkUp();
        Entry entry = live(id, owner);
        if (entry == null) {
            return SessionState.UNKNOWN;
        }
        return entry.revoked() ? SessionState.REVOKED : SessionState.ACTIVE;
    }

    @Override
    public synchronized Rotation rotate(SessionId id, UserId owner, String presentedTokenId, String nextTokenId,
                                        Instant expiresAt) {
        checkUp();
        Entry entry = live(id, owner);
        if (entry == null) {
            return Rotation.UNKNOWN;
        }
        if (entry.revoked()) {
            return Rotation.REVOKED;
        }
        if (entry.refreshTokenId().equals(nextTokenId)) {
            return Rotation.ROTATED; // this very rotation, made before
        }
        if (!entry.refreshTokenId().equals(presentedTokenId)) {
            sessions.put(id, new Entry(entry.userId(), entry.refreshTokenId(), true, entry.expiresAt()));
            return Rotation.REUSED;
        }
        sessions.put(id, new Entry(entry.userId(), nextTokenId, false, expiresAt));
        return Rotation.ROTATED;
    }

    @Override
    public synchronized void revoke(SessionId id, UserId owner) {
        checkUp();
        Entry entry = live(id, owner);
        if (entry != null) {
            sessions.put(id, new Entry(entry.userId(), entry.refreshTokenId(), true, entry.expiresAt()));
        }
    }

    private Entry live(SessionId id, UserId owner) {
        Entry entry = live(id);
        return entry != null && entry.userId().equals(owner) ? entry : null;
    }

    private Entry live(SessionId id) {
        Entry entry = sessions.get(id);
        if (entry != null && !clock.instant().isBefore(entry.expiresAt())) {
            sessions.remove(id);
            return null;
        }
        return entry;
    }

    private void checkUp() {
        if (down) {
            throw new StoreUnavailableException("fake session store is down", new IllegalStateException("down"));
        }
    }
}
