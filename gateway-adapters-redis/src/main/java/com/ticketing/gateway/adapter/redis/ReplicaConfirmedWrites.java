package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Write scripts whose success means the write survives a Sentinel failover, planned or not.
 *
 * <p>Why: Redis replicates asynchronously, and a Sentinel failover promotes a replica with what
 * it has. Whatever the old primary accepted that the promoted replica had not received (before
 * the promotion: replication lag; after it: every write until the Sentinel demotes the old
 * primary, about ten seconds after a {@code SENTINEL FAILOVER}) is discarded when the old primary
 * re-syncs as a replica. Following {@code +switch-master} shortens the second part but cannot
 * close it: the switch is announced only after the promotion.
 *
 * <p>How: each script is sent together with {@code WAIT <replicas> <timeout>}, both in one write
 * to one connection, so the WAIT runs right after the script, on the same server and for the same
 * client. It answers how many replicas have applied everything this client wrote so far, the
 * script included. Only when that is at least {@code replicas} does the write return; a replica
 * that has applied it keeps it when promoted. Otherwise it throws a
 * {@link ReplicationNotConfirmedException} (the caller answers "store unavailable"): on an old
 * primary after the promotion the promoted replica no longer follows it, so WAIT answers 0 and
 * every write there fails instead of being acknowledged and lost. A demoted primary answers
 * READONLY. A failed write may still have been applied (and may survive): the caller treats it as
 * unknown, never as done or undone. With more than one replica, {@code replicas} must cover every
 * replica the Sentinels may promote: the Sentinel may pick one that has not confirmed.
 *
 * <p>WAIT blocks its connection on the server, so these writes get a connection of their own
 * rather than holding up every other command; and once a write went unconfirmed, the next ones
 * fail at once, without being sent, except one probe per replica wait (otherwise the WAITs would
 * queue up on the server and every write would time out). Thread-safe.
 */
final class ReplicaConfirmedWrites {

    private final StatefulRedisConnection<String, String> connection;
    private final int replicas;
    private final long waitMillis;
    private final Duration commandTimeout;
    private final Probing probing;

    /**
     * @param replicas       replicas that must confirm each write, at least 1
     * @param replicaWait    how long the server waits for them (at least 1 ms; 0 would wait forever);
     *                       below {@code commandTimeout}, so that the WAIT answers rather than times out
     * @param commandTimeout how long the script and the WAIT may take in all
     */
    ReplicaConfirmedWrites(StatefulRedisConnection<String, String> connection, int replicas, Duration replicaWait,
                           Duration commandTimeout, Probing probing) {
        if (replicas < 1) {
            throw new IllegalArgumentException("at least one replica must confirm");
        }
        this.connection = connection;
        this.replicas = replicas;
        this.waitMillis = Math.max(1, replicaWait.toMillis());
        this.commandTimeout = commandTimeout;
        this.probing = probing;
    }

    /** Runs {@code script} and returns its answer once the replicas confirmed it; see the class comment. */
    <T> T run(RedisScript script, String[] keys, String[] args) {
        if (!probing.mayWrite(waitNanos())) {
            throw new ReplicationNotConfirmedException("the last write was not confirmed; not sent");
        }
        try {
            T answer;
            try {
                answer = confirmed(script.evalshaCommand(keys, args));
            } catch (RedisNoScriptException e) {
                // Nothing ran: the server has lost its script cache (restart, failover). EVAL caches it again.
                answer = confirmed(script.evalCommand(keys, args));
            }
            probing.confirmed();
            return answer;
        } catch (ReplicationNotConfirmedException | RedisCommandTimeoutException e) {
            // A timeout too: the primary or the WAITs queued on it are slow; do not add to them.
            probing.unconfirmed(waitNanos());
            throw e;
        }
    }

    private long waitNanos() {
        return TimeUnit.MILLISECONDS.toNanos(waitMillis);
    }

    private <T> T confirmed(AsyncCommand<String, String, T> write) {
        AsyncCommand<String, String, Long> wait = new AsyncCommand<>(new Command<>(CommandType.WAIT,
                new IntegerOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add(replicas).add(waitMillis)));
        List<RedisCommand<String, String, ?>> both = List.of(write, wait);
        // One dispatch: lettuce writes both to the same channel, in order.
        connection.dispatch(both);
        T answer = LettuceFutures.awaitOrCancel(write, commandTimeout.toNanos(), TimeUnit.NANOSECONDS);
        Long confirmed = LettuceFutures.awaitOrCancel(wait, commandTimeout.toNanos(), TimeUnit.NANOSECONDS);
        if (confirmed == null || confirmed < replicas) {
            throw new ReplicationNotConfirmedException("the write reached " + confirmed + " of " + replicas
                    + " replicas within " + waitMillis + " ms");
        }
        return answer;
    }

    void close() {
        connection.closeAsync();
    }

    /**
     * Whether writes are sent: always, until one goes unconfirmed or times out; then one probe
     * per replica wait until one is confirmed. Outlives reconnections. Thread-safe.
     */
    static final class Probing {
        private volatile boolean unconfirmed;
        private final AtomicLong nextProbe = new AtomicLong();

        boolean mayWrite(long probeEveryNanos) {
            if (!unconfirmed) {
                return true;
            }
            long probeAt = nextProbe.get();
            long now = System.nanoTime();
            return now - probeAt >= 0 && nextProbe.compareAndSet(probeAt, now + probeEveryNanos);
        }

        void confirmed() {
            unconfirmed = false;
        }

        void unconfirmed(long probeEveryNanos) {
            nextProbe.set(System.nanoTime() + probeEveryNanos);
            unconfirmed = true;
        }
    }

    /** A write the primary ran but too few replicas confirmed: it might not survive a failover. */
    static final class ReplicationNotConfirmedException extends RedisException {

        ReplicationNotConfirmedException(String message) {
            super(message);
        }
    }
}
