package com.ticketing.gateway.adapter.redis;

import com.ticketing.gateway.domain.policy.Gcra;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.port.RateLimiter;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * GCRA limits shared by every gateway instance on one Redis: all limits of a request are
 * decided and charged by one Lua script in one round trip (EVALSHA, reloaded on NOSCRIPT),
 * with time from the Redis server's clock and key expiry set in the same script. Keys are
 * hash-tagged on the request's subject, so the script touches one slot on Redis Cluster.
 * Failures and timeouts surface as {@link com.ticketing.gateway.domain.port.StoreUnavailableException}.
 */
public final class RedisRateLimiter implements RateLimiter {

    /** The script's arguments per limit: interval, period, wanted. */
    private static final int STRIDE_IN = 3;
    /** The script's results per limit: allowed, remaining, reset, retry after, taken. */
    private static final int STRIDE_OUT = 5;

    private static final RedisScript GCRA = new RedisScript("local offset = 0\n" + gcra(), ScriptOutputType.MULTI);
    private final RedisConnection redis;

    public RedisRateLimiter(RedisConnection redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public RateLimitDecision acquire(List<LimitKey> keys) {
        String[] names = new String[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            names[i] = keys.get(i).storageKey();
        }
        List<Object> out = redis.execute("rate limit", commands -> GCRA.<List<Object>>run(commands, names,
                arguments(keys)));
        return decision(keys, out, 0);
    }

    /** The GCRA script's body; a prelude must set {@code offset}, the number of keys before the limit keys. */
    static String gcra() {
        return load("gcra.lua");
    }

    /** Each limit's emission interval and period in microseconds, and one request to take: the script's ARGV. */
    static String[] arguments(List<LimitKey> keys) {
        return arguments(keys, null);
    }

    /**
     * The script's ARGV: each limit's emission interval and period in microseconds, and how many
     * requests' worth to take ({@code wants[i]}, or 1 when {@code wants} is null).
     */
    static String[] arguments(List<LimitKey> keys, int[] wants) {
        String[] args = new String[keys.size() * STRIDE_IN];
        for (int i = 0; i < keys.size(); i++) {
            LimitKey key = keys.get(i);
            args[STRIDE_IN * i] = Long.toString(key.limit().emissionIntervalMicros());
            args[STRIDE_IN * i + 1] = Long.toString(key.limit().periodMicros());
            args[STRIDE_IN * i + 2] = wants == null || wants[i] == 1 ? "1" : Integer.toString(wants[i]);
        }
        return args;
    }

    /** How many of limit {@code i}'s requests the script took (0 when the request was refused). */
    static int taken(List<Object> out, int from, int i) {
        return (int) number(out.get(from + STRIDE_OUT * i + 4));
    }

    /** Limit {@code i}'s remaining requests after what the script took. */
    static long remaining(List<Object> out, int from, int i) {
        return number(out.get(from + STRIDE_OUT * i + 1));
    }

    /** Limit {@code i}'s reset in microseconds after what the script took. */
    static long reset(List<Object> out, int from, int i) {
        return number(out.get(from + STRIDE_OUT * i + 2));
    }

    /**
     * The decision from the script's output, whose per-limit results start at {@code from}. When the
     * script took more than this request (a lease), the others are not spent yet: they count as
     * remaining, and the reset is the one after this request's.
     */
    static RateLimitDecision decision(List<LimitKey> keys, List<Object> out, int from) {
        List<Gcra.Result> results = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            int at = from + STRIDE_OUT * i;
            boolean allowed = number(out.get(at)) == 1;
            long unspent = allowed ? Math.max(0, number(out.get(at + 4)) - 1) : 0;
            long reset = number(out.get(at + 2)) - unspent * keys.get(i).limit().emissionIntervalMicros();
            results.add(new Gcra.Result(allowed, 0, number(out.get(at + 1)) + unspent, reset,
                    number(out.get(at + 3))));
        }
        return RateLimitDecision.of(keys, results);
    }

    static long number(Object value) {
        return value instanceof Long l ? l : Long.parseLong(String.valueOf(value));
    }

    private static String load(String name) {
        try (InputStream in = RedisRateLimiter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
