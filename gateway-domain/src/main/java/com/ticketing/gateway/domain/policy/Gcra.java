package com.ticketing.gateway.domain.policy;

/**
 * The generic cell rate algorithm, as a pure function over microseconds. State per key is one
 * number, the theoretical arrival time (TAT). A request at {@code now} is allowed when
 * {@code max(tat, now) + T - now <= period}, with {@code T = period / capacity}; so from an idle
 * key exactly {@code capacity} requests pass back to back, then one every {@code T}.
 * The Redis adapter's Lua script implements the same arithmetic.
 */
public final class Gcra {

    private Gcra() {
    }

    /**
     * The decision for one request.
     *
     * @param allowed        whether it may pass
     * @param newTat         the TAT to store when every limit of the request allows it
     * @param remaining      requests still allowed right after this one (0 when rejected)
     * @param resetMicros    time until the key is back to full capacity
     * @param retryAfterMicros time until a request would be allowed (0 when allowed)
     */
    public record Result(boolean allowed, long newTat, long remaining, long resetMicros, long retryAfterMicros) {
    }

    /** @param tat the stored TAT, or 0 for an unknown key */
    public static Result evaluate(long tat, long now, RateLimit limit) {
        long interval = limit.emissionIntervalMicros();
        long period = limit.periodMicros();
        long start = Math.max(tat, now);
        long candidate = start + interval;
        if (candidate - now <= period) {
            long remaining = (period - (candidate - now)) / interval;
            return new Result(true, candidate, Math.min(remaining, limit.capacity() - 1), candidate - now, 0);
        }
        long retryAfter = candidate - period - now;
        return new Result(false, start, 0, start - now, retryAfter);
    }
}
