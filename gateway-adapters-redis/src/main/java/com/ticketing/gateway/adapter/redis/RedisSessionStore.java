package com.ticketing.gateway.adapter.redis;

import com.ticketing.gateway.domain.model.Rotation;
import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.port.SessionStore;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.policy.LimitKey;
import io.lettuce.core.ScriptOutputType;
import java.time.Instant;
import java.util.Objects;

/**
 * Sessions shared by every gateway instance that uses the same Redis. One hash per session,
 * {@code <prefix>{<user id>}:<session id>} with fields {@code uid}, {@code jti} (the current
 * refresh token's id) and {@code state} ({@code active} or {@code revoked}). The hash tag is the
 * owner, as on the owner's rate-limit keys ({@code LimitKey}): a session and its user's limits
 * share one cluster slot, so {@link RedisTurnstile} reads the one and charges the others in one
 * script; and a token of another user finds no session. Every key expires at its session's
 * {@code expiresAt} (PEXPIREAT, set in the same script that writes it: no key ever lives without
 * a TTL). Writes are Lua scripts, so each operation is atomic and one round trip; rotation is a
 * compare-and-set on {@code jti}. With Sentinel, a write returns only once a replica has it, so
 * an acknowledged login, rotation or logout survives a failover, planned or not
 * ({@link ReplicaConfirmedWrites}). Failures throw {@code StoreUnavailableException} (see
 * {@link RedisConnection}); after one, the write may or may not have happened. Thread-safe.
 * Token ids are never logged.
 */
public final class RedisSessionStore implements SessionStore {

    public static final String DEFAULT_KEY_PREFIX = "gw:sess:";

    private static final String ACTIVE = "active";

    private static final RedisScript OPEN = new RedisScript("""
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'uid', ARGV[1], 'jti', ARGV[2], 'state', 'active')
            redis.call('PEXPIREAT', KEYS[1], ARGV[3])
            return 1
            """, ScriptOutputType.INTEGER);

    /**
     * Returns the name of a {@link Rotation}. A stale token revokes the session; the same rotation
     * made again (its answer lost to a timeout, though the server ran it) changes nothing.
     */
    private static final RedisScript ROTATE = new RedisScript("""
            local session = redis.call('HMGET', KEYS[1], 'jti', 'state')
            if not session[2] then
              return 'UNKNOWN'
            end
            if session[2] ~= 'active' then
              return 'REVOKED'
            end
            if session[1] == ARGV[2] then
              return 'ROTATED'
            end
            if session[1] ~= ARGV[1] then
              redis.call('HSET', KEYS[1], 'state', 'revoked')
              return 'REUSED'
            end
            redis.call('HSET', KEYS[1], 'jti', ARGV[2])
            redis.call('PEXPIREAT', KEYS[1], ARGV[3])
            return 'ROTATED'
            """, ScriptOutputType.VALUE);

    /** Revokes an existing session only: a new key would have no TTL. */
    private static final RedisScript REVOKE = new RedisScript("""
            if redis.call('EXISTS', KEYS[1]) == 0 then
              return 0
            end
            redis.call('HSET', KEYS[1], 'state', 'revoked')
            return 1
            """, ScriptOutputType.INTEGER);

    private final RedisConnection redis;
    private final String keyPrefix;
    private final TrackedSessions tracked;

    public RedisSessionStore(RedisConnection redis) {
        this(redis, DEFAULT_KEY_PREFIX);
    }

    /** @param keyPrefix prepended to every key, e.g. to share one Redis between environments */
    public RedisSessionStore(RedisConnection redis, String keyPrefix) {
        this(redis, keyPrefix, TrackedSessions.none());
    }

    /**
     * @param tracked the active sessions this instance remembers ({@link RedisTurnstile}); a write
     *                here forgets its session at once, before Redis's push says so
     */
    public RedisSessionStore(RedisConnection redis, String keyPrefix, TrackedSessions tracked) {
        this.redis = Objects.requireNonNull(redis, "redis");
        if (keyPrefix == null || keyPrefix.contains("{") || keyPrefix.contains("}")) {
            throw new IllegalArgumentException("key prefix must not contain braces (they delimit the hash tag)");
        }
        this.keyPrefix = keyPrefix;
        this.tracked = Objects.requireNonNull(tracked, "tracked");
    }

    /** The prefix of every session key. */
    public String keyPrefix() {
        return keyPrefix;
    }

    TrackedSessions tracked() {
        return tracked;
    }

    @Override
    public void open(Session session) {
        redis.<Long>write("open session", OPEN, key(session.id(), session.userId()), session.userId().value(),
                session.refreshTokenId(), epochMillis(session.expiresAt()));
    }

    @Override
    public SessionState state(SessionId id, UserId owner) {
        return stateOf(redis.execute("read session", commands -> commands.hget(key(id, owner), "state")));
    }

    /** The state a session's {@code state} field stands for; anything but "active" fails closed. */
    static SessionState stateOf(String state) {
        if (state == null) {
            return SessionState.UNKNOWN;
        }
        return ACTIVE.equals(state) ? SessionState.ACTIVE : SessionState.REVOKED;
    }

    @Override
    public Rotation rotate(SessionId id, UserId owner, String presentedTokenId, String nextTokenId,
                           Instant expiresAt) {
        String key = key(id, owner);
        tracked.forget(key);
        String result;
        try {
            result = redis.write("rotate session", ROTATE, key, presentedTokenId, nextTokenId, epochMillis(expiresAt));
        } finally {
            tracked.forget(key);
        }
        return Rotation.valueOf(result);
    }

    @Override
    public void revoke(SessionId id, UserId owner) {
        String key = key(id, owner);
        tracked.forget(key);
        try {
            redis.<Long>write("revoke session", REVOKE, key);
        } finally {
            // Whatever a read in flight brings back now, it is not kept (its ticket is older).
            tracked.forget(key);
        }
    }

    /** The key of a session: {@code <prefix>{<owner>}:<session id>}, tagged like the owner's limit keys. */
    String key(SessionId id, UserId owner) {
        return keyPrefix + "{" + LimitKey.tagSafe(owner.value()) + "}:" + id.value();
    }

    private static String epochMillis(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }
}
