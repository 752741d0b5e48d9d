package com.ticketing.gateway.adapter.redis;

import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.port.Passage;
import com.ticketing.gateway.domain.port.Turnstile;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The session read and the limit decision of an authenticated request in one Lua script, so one
 * round trip (EVALSHA) per request on the hot path. The session key and the owner's limit keys
 * are hash-tagged on the owner (see {@link RedisSessionStore} and {@code LimitKey}), so the script
 * touches one slot on Redis Cluster. A session that is not active charges nothing. Any failure
 * throws {@code StoreUnavailableException}: the session could not be read, so the request fails
 * closed (503), whatever the limits' own failure policy. Thread-safe.
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

    private final RedisConnection redis;
    private final RedisSessionStore sessions;

    /** @param sessions the store whose sessions are read (its key layout) */
    public RedisTurnstile(RedisConnection redis, RedisSessionStore sessions) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    @Override
    public Passage pass(SessionId session, UserId owner, List<LimitKey> limits) {
        String[] keys = keys(session, owner, limits);
        return passage(limits, redis.execute("session and rate limit",
                commands -> PASS.<List<Object>>run(commands, keys, RedisRateLimiter.arguments(limits))));
    }

    /** {@link #pass} without waiting: the passage comes on lettuce's I/O thread. */
    @Override
    public CompletionStage<Passage> start(SessionId session, UserId owner, List<LimitKey> limits) {
        String[] keys = keys(session, owner, limits);
        return redis.<List<Object>>start("session and rate limit",
                        commands -> PASS.run(commands, keys, RedisRateLimiter.arguments(limits)))
                .thenApply(out -> passage(limits, out));
    }

    private String[] keys(SessionId session, UserId owner, List<LimitKey> limits) {
        if (limits.isEmpty()) {
            throw new IllegalArgumentException("a passage charges at least one limit");
        }
        String[] keys = new String[limits.size() + 1];
        keys[0] = sessions.key(session, owner);
        for (int i = 0; i < limits.size(); i++) {
            keys[i + 1] = limits.get(i).storageKey();
        }
        return keys;
    }

    private static Passage passage(List<LimitKey> limits, List<Object> out) {
        if (out.size() == 1) {
            return new Passage.Closed(RedisRateLimiter.number(out.get(0)) < 0 ? SessionState.UNKNOWN
                    : SessionState.REVOKED);
        }
        return new Passage.Open(RedisRateLimiter.decision(limits, out, 0));
    }
}
