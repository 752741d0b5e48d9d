package com.ticketing.gateway.adapter.redis;

import com.ticketing.gateway.domain.policy.Gcra;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.RateLimit;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Requests of a busy limit taken from Redis a few at a time and spent here, so that a subject
 * sending many requests to this instance costs Redis a round trip per lease, not per request.
 *
 * <p>What a limit means across instances does not change: a lease is taken from the shared GCRA
 * state in Redis like as many requests, so N instances together still admit no more than the
 * limit; its requests are spent within {@link #TTL} of the grant (what is left then is dropped, so
 * the limit errs on the strict side), which shifts an admission by about {@code TTL}: about
 * {@code rate × TTL} requests early in any window (under one request for every default limit).
 * A lease grows only while this instance spends it before it expires (doubling each time, from
 * one), shrinks when it expires unspent, and never exceeds {@link #MAX_SHARE} of the limit's
 * capacity nor the configured maximum: a limit of fewer than 128 requests per period is decided
 * in Redis on every request, exactly as without leases. Thread-safe.
 */
final class Leases {

    /** How long a lease's requests may be spent after Redis granted them. */
    static final Duration TTL = Duration.ofMillis(50);

    /** A lease takes at most this share of the limit's capacity: 1/64. */
    static final int MAX_SHARE = 64;

    /** Leases expired this long ago hold nothing worth keeping: they go at the next sweep, at most this often. */
    private static final long SWEEP_EVERY_NANOS = 1_000_000_000L;

    private final int max;
    private final LongSupplier nanos;
    private final long ttlNanos = TTL.toNanos();
    /** The leases by limit key; a plain map (a read costs no bookkeeping), swept of idle leases on grants. */
    private final ConcurrentHashMap<String, Lease> leases = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;

    /**
     * @param max   the most requests one lease may hold; 1 decides every request in Redis
     * @param nanos the monotonic clock ({@link System#nanoTime} outside tests)
     */
    Leases(int max, LongSupplier nanos) {
        if (max < 1) {
            throw new IllegalArgumentException("a lease holds at least one request");
        }
        this.max = max;
        this.nanos = nanos;
        this.nextSweep = new AtomicLong(nanos.getAsLong() + SWEEP_EVERY_NANOS);
    }

    /** The most requests one lease of {@code limit} may hold. */
    int cap(RateLimit limit) {
        return (int) Math.max(1, Math.min(max, limit.capacity() / MAX_SHARE));
    }

    /**
     * Spends one leased request of every limit, or none: the decision when each had one left,
     * else null (the request must go to Redis).
     */
    RateLimitDecision spend(List<LimitKey> keys) {
        if (max == 1) {
            return null;
        }
        long now = nanos.getAsLong();
        int size = keys.size();
        Lease[] spent = new Lease[size];
        List<Gcra.Result> results = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Lease lease = leases.get(keys.get(i).storageKey());
            Gcra.Result result = lease == null ? null : lease.spend(now, keys.get(i).limit());
            if (result == null) {
                for (int j = 0; j < i; j++) {
                    spent[j].giveBack();
                }
                return null;
            }
            spent[i] = lease;
            results.add(result);
        }
        return RateLimitDecision.of(keys, results);
    }

    /**
     * How many requests of each limit to ask Redis for: what each lease has grown to, or one each
     * when any of the request's limits takes no leases (its requests all go to Redis anyway, and a
     * lease the others took with them would never be spent). A request that asks for a lease is
     * its limit's one fetch in flight until {@code fetched} completes ({@link #inFlight}); others
     * meanwhile ask for one.
     */
    int[] wants(List<LimitKey> keys, CompletableFuture<Void> fetched) {
        int[] wants = new int[keys.size()];
        Arrays.fill(wants, 1);
        if (max == 1) {
            return wants;
        }
        for (LimitKey key : keys) {
            if (cap(key.limit()) == 1) {
                return wants;
            }
        }
        long now = nanos.getAsLong();
        for (int i = 0; i < wants.length; i++) {
            LimitKey key = keys.get(i);
            Lease lease = leases.get(key.storageKey());
            wants[i] = lease == null ? 1 : lease.want(now, cap(key.limit()), fetched, ttlNanos);
        }
        return wants;
    }

    /**
     * The lease fetch in flight for one of {@code keys} (asked for less than {@link #TTL} ago), or
     * null: a request that finds its lease spent may wait for it rather than go to Redis itself.
     */
    CompletableFuture<Void> inFlight(List<LimitKey> keys) {
        if (max == 1) {
            return null;
        }
        long now = nanos.getAsLong();
        for (LimitKey key : keys) {
            Lease lease = leases.get(key.storageKey());
            CompletableFuture<Void> fetch = lease == null ? null : lease.inFlight(now, ttlNanos);
            if (fetch != null) {
                return fetch;
            }
        }
        return null;
    }

    /**
     * Keeps what Redis granted beyond the request that asked: {@code taken - 1} requests of
     * {@code key}, with the limit's remaining requests and reset after the grant.
     */
    void granted(LimitKey key, int taken, long remaining, long resetMicros) {
        if (max == 1 || cap(key.limit()) == 1) {
            return;
        }
        long now = nanos.getAsLong();
        leases.computeIfAbsent(key.storageKey(), k -> new Lease())
                .granted(now, now + ttlNanos, taken - 1, remaining, resetMicros);
        long sweep = nextSweep.get();
        if (now - sweep >= 0 && nextSweep.compareAndSet(sweep, now + SWEEP_EVERY_NANOS)) {
            // A lease taken away while a request spends it only loses its requests: the strict side.
            leases.values().removeIf(lease -> lease.idleSince(now, SWEEP_EVERY_NANOS));
        }
    }

    /** One limit's lease: its state is guarded by the lease itself. */
    private static final class Lease {
        private int left;
        private int want = 1;
        private long expiresAt;
        private long grantedAt;
        private long remaining;
        private long resetMicros;
        private CompletableFuture<Void> fetch;
        private long fetchedSince;

        synchronized Gcra.Result spend(long now, RateLimit limit) {
            if (left == 0 || now - expiresAt >= 0) {
                return null;
            }
            left--;
            long elapsedMicros = (now - grantedAt) / 1000;
            long reset = Math.max(0, resetMicros - left * limit.emissionIntervalMicros() - elapsedMicros);
            return new Gcra.Result(true, 0, remaining + left, reset, 0);
        }

        /** The fetch of this lease's next grant, while in flight and younger than {@code ttl}. */
        synchronized CompletableFuture<Void> inFlight(long now, long ttl) {
            return fetch == null || fetch.isDone() || now - fetchedSince >= ttl ? null : fetch;
        }

        synchronized boolean idleSince(long now, long idle) {
            return now - expiresAt >= idle;
        }

        synchronized void giveBack() {
            left++;
        }

        /**
         * The next lease's size: double when the last was spent before it expired, half when it
         * expired with requests left; one (the size unchanged) while it has some left, when another
         * limit of the request sent it to Redis, or while another request fetches the next lease.
         */
        synchronized int want(long now, int cap, CompletableFuture<Void> fetched, long ttl) {
            boolean live = now - expiresAt < 0;
            if (live && left > 0 || inFlight(now, ttl) != null) {
                return 1;
            }
            fetch = fetched;
            fetchedSince = now;
            if (live) {
                want = Math.min(cap, want * 2);
            } else if (left > 0) {
                want = Math.max(1, want / 2);
            }
            return Math.min(cap, want);
        }

        synchronized void granted(long now, long expiresAt, int extra, long remaining, long resetMicros) {
            // Grants that cross (requests sent to Redis together) add up: none is dropped unspent.
            this.left = (now - this.expiresAt < 0 ? left : 0) + extra;
            this.expiresAt = expiresAt;
            this.grantedAt = now;
            this.remaining = remaining;
            this.resetMicros = resetMicros;
        }
    }
}
