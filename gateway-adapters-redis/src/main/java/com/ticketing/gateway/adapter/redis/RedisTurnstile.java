package com.ticketing.gateway.adapter.redis;

import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.port.Passage;
import com.ticketing.gateway.domain.port.Turnstile;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The session read and the limit decision of an authenticated request in one Lua script, so one
 * round trip (EVALSHA) per request at most. The session key and the owner's limit keys are
 * hash-tagged on the owner (see {@link RedisSessionStore} and {@code LimitKey}), so the script
 * touches one slot on Redis Cluster. A session that is not active charges nothing. Any failure
 * throws {@code StoreUnavailableException}: the session could not be read, so the request fails
 * closed (503), whatever the limits' own failure policy.
 *
 * <p>No round trip at all when the session is one this instance found active and Redis's
 * tracking has said nothing of since ({@link TrackedSessions}), and every limit has a request
 * left of a lease this instance took from Redis ({@link Leases}): a busy subject costs Redis one
 * script per lease. A subject seen rarely, or a limit of fewer than 128 requests, is decided in
 * Redis on every request. Thread-safe.
 */
public final class RedisTurnstile implements Turnstile {

    /** Returns {-1} (no session), {0} (not active), or the GCRA output of every limit. */
    private static final RedisScript PASS = new RedisScript("""
            local state = redis.call('HGET', KEYS[1], 'state')
            if not state then
              return {-1}
            end
            if state ~= 'active' then
              return {0}
            end
            local offset = 1
            """ + RedisRateLimiter.gcra(), ScriptOutputType.MULTI);

    /** How many lease fetches a request may wait for before it asks Redis itself. */
    private static final int MAX_WAITS = 3;

    private final RedisConnection redis;
    private final RedisSessionStore sessions;
    private final TrackedSessions tracked;
    private final Leases leases;

    /** Every request decided in Redis: no remembered sessions, no leases. */
    public RedisTurnstile(RedisConnection redis, RedisSessionStore sessions) {
        this(redis, sessions, 1);
    }

    /**
     * @param sessions the store whose sessions are read (its key layout, and the active sessions it
     *                 remembers: {@link RedisSessionStore#RedisSessionStore(RedisConnection, String, TrackedSessions)})
     * @param maxLease the most requests of one limit taken from Redis at once; 1 takes them one by one
     */
    public RedisTurnstile(RedisConnection redis, RedisSessionStore sessions, int maxLease) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.tracked = sessions.tracked();
        this.leases = new Leases(maxLease, System::nanoTime);
    }

    @Override
    public Passage pass(SessionId session, UserId owner, List<LimitKey> limits) {
        String key = sessions.key(session, owner);
        Passage local = local(key, limits);
        if (local != null) {
            return local;
        }
        Read read = new Read(key, limits);
        try {
            return read.passage(redis.execute("session and rate limit",
                    commands -> PASS.<List<Object>>run(commands, read.keys, read.args)));
        } finally {
            read.fetched.complete(null);
        }
    }

    /** {@link #pass} without waiting: the passage comes on lettuce's I/O thread, or at once when decided here. */
    @Override
    public CompletionStage<Passage> start(SessionId session, UserId owner, List<LimitKey> limits) {
        String key = sessions.key(session, owner);
        Passage local = local(key, limits);
        if (local != null) {
            return CompletableFuture.completedFuture(local);
        }
        return spendOrRead(key, limits, MAX_WAITS);
    }

    /**
     * Waits for the lease fetch in flight, if any, and spends from what it brought; once
     * {@code waits} fetches went by without a request left for this one, asks Redis itself.
     */
    private CompletionStage<Passage> spendOrRead(String key, List<LimitKey> limits, int waits) {
        CompletableFuture<Void> inFlight = waits > 0 && tracked.isActive(key) ? leases.inFlight(limits) : null;
        if (inFlight == null) {
            return read(key, limits);
        }
        return inFlight.thenCompose(granted -> {
            Passage now = local(key, limits);
            return now != null ? CompletableFuture.completedFuture(now) : spendOrRead(key, limits, waits - 1);
        });
    }

    private CompletionStage<Passage> read(String key, List<LimitKey> limits) {
        Read read = new Read(key, limits);
        CompletionStage<Passage> passage = redis.<List<Object>>start("session and rate limit",
                        commands -> PASS.run(commands, read.keys, read.args))
                .thenApply(read::passage);
        // After the grant is kept (or the read failed): the requests waiting for this lease go on.
        passage.whenComplete((done, failure) -> read.fetched.complete(null));
        return passage;
    }

    /** The passage when the session is remembered active and every limit has a leased request, else null. */
    private Passage local(String key, List<LimitKey> limits) {
        if (limits.isEmpty()) {
            throw new IllegalArgumentException("a passage charges at least one limit");
        }
        if (!tracked.isActive(key)) {
            return null;
        }
        RateLimitDecision decision = leases.spend(limits);
        return decision == null ? null : new Passage.Open(decision);
    }

    /** One script run: what it asks, and what the answer leaves here. */
    private final class Read {
        final String sessionKey;
        final List<LimitKey> limits;
        final String[] keys;
        final String[] args;
        final long ticket;
        final long epoch;
        /** Completes once the answer is kept: the end of a lease fetch, when this read is one. */
        final CompletableFuture<Void> fetched = new CompletableFuture<>();

        Read(String sessionKey, List<LimitKey> limits) {
            this.sessionKey = sessionKey;
            this.limits = limits;
            this.epoch = tracked.epoch();
            this.ticket = tracked.ticket(sessionKey);
            keys = new String[limits.size() + 1];
            keys[0] = sessionKey;
            for (int i = 0; i < limits.size(); i++) {
                keys[i + 1] = limits.get(i).storageKey();
            }
            // A lease is spent only on a remembered session: none is taken while sessions are not tracked.
            args = RedisRateLimiter.arguments(limits, tracked.tracking() ? leases.wants(limits, fetched) : null);
        }

        Passage passage(List<Object> out) {
            if (out.size() == 1) {
                return new Passage.Closed(RedisRateLimiter.number(out.get(0)) < 0 ? SessionState.UNKNOWN
                        : SessionState.REVOKED);
            }
            tracked.active(sessionKey, ticket, epoch);
            RateLimitDecision decision = RedisRateLimiter.decision(limits, out, 0);
            if (decision instanceof RateLimitDecision.Allowed) {
                for (int i = 0; i < limits.size(); i++) {
                    leases.granted(limits.get(i), RedisRateLimiter.taken(out, 0, i),
                            RedisRateLimiter.remaining(out, 0, i), RedisRateLimiter.reset(out, 0, i));
                }
            }
            return new Passage.Open(decision);
        }
    }
}
