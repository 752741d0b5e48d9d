package com.ticketing.gateway.adapter.redis;

import static com.ticketing.gateway.adapter.redis.RedisSentinelFixture.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Sentinel failover, followed by the running connection: the primary dies, the Sentinel
 * promotes the replica, and the next reconnect asks the Sentinel again and lands on it.
 * Meanwhile every command fails fast as "store unavailable". Session writes need a replica to
 * confirm them, so they fail closed until the old primary is back as the new one's replica.
 * (A planned {@code SENTINEL FAILOVER}: {@link RedisSentinelPlannedFailoverIT}.)
 */
class RedisSentinelFailoverIT {

    /** Sentinel: {@link RedisSentinelFixture#DOWN_AFTER}, then about a second to promote; one retry fits too. */
    private static final Duration FAILOVER_WITHIN = Duration.ofSeconds(12);
    /** After the switch: at most one reconnect delay, plus the connect. */
    private static final Duration RECONNECT_WITHIN = Duration.ofSeconds(3);
    /** The restarted old primary: the Sentinel converts it into a replica about ten seconds later. */
    private static final Duration REJOINED_WITHIN = Duration.ofSeconds(30);
    /** Thread scheduling on a busy build machine, on top of the command timeout. */
    private static final Duration SLACK = Duration.ofMillis(250);

    private RedisSentinelFixture redis;
    private RedisSettings settings;
    private RedisConnection connection;
    private RedisSessionStore store;

    @BeforeEach
    void startPrimaryReplicaAndSentinel() {
        redis = RedisSentinelFixture.startWithReplica();
        settings = RedisSettings.sentinel(redis.sentinelNodes(), RedisSentinelFixture.MASTER_NAME);
        connection = new RedisConnection(settings);
        store = new RedisSessionStore(connection);
    }

    @AfterEach
    void stop() {
        connection.close();
        redis.close();
    }

    @Test
    void whenThePrimaryDiesTheSameConnectionMovesToThePromotedReplicaAndWritesOnceAReplicaConfirms() {
        int replicaPort = redis.replica().port();
        SessionId before = openSession();
        awaitUntil("the session reached the replica", Duration.ofSeconds(5),
                () -> redis.onServer(replicaPort, admin -> admin.sync().exists(store.key(before, new UserId("u-1")))) == 1L);

        redis.primary().stop();
        long stopped = System.nanoTime();
        CallLog log = new CallLog();
        awaitUntil("the sentinel names the replica as the primary", FAILOVER_WITHIN, () -> {
            log.call(() -> store.state(before, new UserId("u-1")));
            return redis.portOfPrimaryNamedBySentinel() == replicaPort;
        });
        long switched = System.nanoTime();
        awaitUntil("the same connection reads again", RECONNECT_WITHIN,
                () -> log.call(() -> store.state(before, new UserId("u-1"))));
        long recovered = System.nanoTime();

        assertThat(store.state(before, new UserId("u-1"))).as("replicated before the failover").isEqualTo(SessionState.ACTIVE);
        SessionId after = new SessionId("sess-" + UUID.randomUUID());
        assertThat(log.call(() -> open(after))).as("a write no replica can confirm").isFalse();
        redis.primary().start();
        awaitUntil("a replica confirms writes again", REJOINED_WITHIN, () -> log.call(() -> open(after)));
        long confirmed = System.nanoTime();
        assertThat(store.state(after, new UserId("u-1"))).isEqualTo(SessionState.ACTIVE);
        redis.onServer(replicaPort, promoted -> {
            assertThat(promoted.sync().role().getFirst()).isEqualTo("master");
            assertThat(promoted.sync().hget(store.key(after, new UserId("u-1")), "state")).isEqualTo("active");
            return null;
        });
        assertThat(log.unavailable).as("commands while no primary was reachable").isPositive();
        assertThat(log.slowest).as("slowest command during the switch")
                .isLessThan(settings.commandTimeout().plus(SLACK));
        System.out.printf("failover: sentinel switched after %d ms, connection back %d ms later, writes confirmed "
                        + "%d ms after the old primary restarted; %d commands failed as store unavailable, "
                        + "slowest took %d ms%n",
                Duration.ofNanos(switched - stopped).toMillis(), Duration.ofNanos(recovered - switched).toMillis(),
                Duration.ofNanos(confirmed - recovered).toMillis(), log.unavailable, log.slowest.toMillis());
    }

    private SessionId openSession() {
        SessionId id = new SessionId("sess-" + UUID.randomUUID());
        open(id);
        return id;
    }

    private void open(SessionId id) {
        store.open(new Session(id, new UserId("u-1"), "jti-1", Instant.now().plus(Duration.ofHours(1))));
    }

    /**
     * Commands during the switch: each either succeeds or fails with
     * {@link StoreUnavailableException}; anything else escapes and fails the test.
     */
    private static final class CallLog {
        int unavailable;
        Duration slowest = Duration.ZERO;

        /** True if {@code command} succeeded. */
        boolean call(Runnable command) {
            long start = System.nanoTime();
            try {
                command.run();
                return true;
            } catch (StoreUnavailableException e) {
                unavailable++;
                return false;
            } finally {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                slowest = took.compareTo(slowest) > 0 ? took : slowest;
            }
        }
    }
}
