package com.ticketing.gateway.adapter.memory;

import com.ticketing.gateway.domain.model.Rotation;
import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.port.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sessions of a single gateway instance, the default when no Redis is configured. A session is
 * seen only by its owner (another user's token finds nothing). Every
 * operation is one atomic step on a {@link ConcurrentHashMap} entry. A session is gone from its
 * {@code expiresAt} on ({@link Clock} time); expired entries are dropped when next touched, and
 * a sweep at most every {@link #DEFAULT_SWEEP_INTERVAL} (run by the opening of a session, the
 * only operation that adds entries) drops the rest, so nothing is kept past its session.
 * Thread-safe; never throws {@code StoreUnavailableException}.
 */
public final class InMemorySessionStore implements SessionStore {

    /** How often opening a session also sweeps out expired ones. */
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);

    private record Entry(UserId userId, String refreshTokenId, boolean revoked, Instant expiresAt) {
        boolean expiredAt(Instant now) {
            return !now.isBefore(expiresAt);
        }

        Entry revoke() {
            return new Entry(userId, refreshTokenId, true, expiresAt);
        }
    }

    private final ConcurrentHashMap<SessionId, Entry> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration sweepInterval;
    private final AtomicReference<Instant> nextSweep;

    public InMemorySessionStore(Clock clock) {
        this(clock, DEFAULT_SWEEP_INTERVAL);
    }

    public InMemorySessionStore(Clock clock, Duration sweepInterval) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (sweepInterval == null || sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("sweep interval must be positive");
        }
        this.sweepInterval = sweepInterval;
        this.nextSweep = new AtomicReference<>(clock.instant().plus(sweepInterval));
    }

    @Override
    public void open(Session session) {
        Instant now = clock.instant();
        sweepIfDue(now);
        Entry entry = new Entry(session.userId(), session.refreshTokenId(), false, session.expiresAt());
        if (entry.expiredAt(now)) {
            sessions.remove(session.id());
        } else {
            sessions.put(session.id(), entry);
        }
    }

    @Override
    public SessionState state(SessionId id, UserId owner) {
        Entry entry = sessions.get(id);
        if (entry == null || !entry.userId().equals(owner)) {
            return SessionState.UNKNOWN;
        }
        if (entry.expiredAt(clock.instant())) {
            sessions.remove(id, entry);
            return SessionState.UNKNOWN;
        }
        return entry.revoked() ? SessionState.REVOKED : SessionState.ACTIVE;
    }

    @Override
    public Rotation rotate(SessionId id, UserId owner, String presentedTokenId, String nextTokenId,
                           Instant expiresAt) {
        Instant now = clock.instant();
        Rotation[] result = {Rotation.UNKNOWN};
        sessions.computeIfPresent(id, (key, entry) -> {
            if (entry.expiredAt(now)) {
                return null;
            }
            if (!entry.userId().equals(owner)) {
                return entry;
            }
            if (entry.revoked()) {
                result[0] = Rotation.REVOKED;
                return entry;
            }
            if (entry.refreshTokenId().equals(nextTokenId)) {
                result[0] = Rotation.ROTATED; // this very rotation, made before
                return entry;
            }
            if (!entry.refreshTokenId().equals(presentedTokenId)) {
                result[0] = Rotation.REUSED;
                return entry.revoke();
            }
            result[0] = Rotation.ROTATED;
            Entry next = new Entry(entry.userId(), nextTokenId, false, expiresAt);
            return next.expiredAt(now) ? null : next;
        });
        return result[0];
    }

    @Override
    public void revoke(SessionId id, UserId owner) {
        Instant now = clock.instant();
        sessions.computeIfPresent(id, (key, entry) -> {
            if (entry.expiredAt(now)) {
                return null;
            }
            return entry.userId().equals(owner) ? entry.revoke() : entry;
        });
    }

    /** How many sessions are held, including expired ones not yet dropped. For metrics and tests. */
    public int size() {
        return sessions.size();
    }

    private void sweepIfDue(Instant now) {
        Instant due = nextSweep.get();
        if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plus(sweepInterval))) {
            return;
        }
        // Removes an entry only if it is still the expired one seen (ConcurrentHashMap semantics).
        sessions.values().removeIf(entry -> entry.expiredAt(now));
    }
}
