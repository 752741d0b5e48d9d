package com.ticketing.gateway.adapter.redis;

import static com.ticketing.gateway.adapter.redis.RedisSentinelFixture.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.domain.model.Rotation;
import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.LimitScope;
import com.ticketing.gateway.domain.policy.RateLimit;
import com.ticketing.gateway.domain.policy.RateLimitDecision.Allowed;
import com.ticketing.gateway.domain.policy.RateLimitDecision.Rejected;
import com.ticketing.gateway.domain.policy.StoreFailurePolicy;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stores through a Sentinel: the client asks it where the primary is, on connect and on every
 * reconnect; session writes are acknowledged once the replica confirmed them.
 */
class RedisSentinelIT {

    private static final UserId USER = new UserId("u-1");
    private static final Duration CONFIRMED_WITHIN = Duration.ofSeconds(5);
    private static final List<String> OUTCOMES = new CopyOnWriteArrayList<>();
    private static RedisSentinelFixture redis;
    private static RedisConnection connection;

    @BeforeAll
    static void startPrimaryAndSentinel() {
        redis = RedisSentinelFixture.start();
        connection = new RedisConnection(
                RedisSettings.sentinel(redis.sentinelNodes(), RedisSentinelFixture.MASTER_NAME),
                (operation, nanos, outcome) -> OUTCOMES.add(operation + " " + outcome.label()));
    }

    @AfterAll
    static void stop() {
        connection.close();
        redis.close();
    }

    /** Opens a session once a replica confirms writes (after a restart, or a test that stopped the replica). */
    private static SessionId openSession(RedisSessionStore store) {
        SessionId id = new SessionId("sess-" + UUID.randomUUID());
        awaitConfirmed(() -> store.open(new Session(id, USER, "jti-1", Instant.now().plus(Duration.ofHours(1)))));
        return id;
    }

    private static void awaitConfirmed(Runnable write) {
        awaitUntil("a replica confirms the write", CONFIRMED_WITHIN, () -> {
            try {
                write.run();
                return true;
            } catch (StoreUnavailableException notYet) {
                return false;
            }
        });
    }

    @Test
    void sessionsAndLimitsLiveOnThePrimaryTheSentinelNames() {
        RedisSessionStore store = new RedisSessionStore(connection);
        RedisRateLimiter limiter = new RedisRateLimiter(connection);
        SessionId id = openSession(store);
        LimitKey key = new LimitKey(new RateLimit("login", 2, Duration.ofMinutes(1), LimitScope.CLIENT_IP,
                StoreFailurePolicy.FAIL_CLOSED), "198.51.100." + UUID.randomUUID().hashCode());

        assertThat(store.rotate(id, USER, "jti-1", "jti-2", Instant.now().plusSeconds(600)))
                .isEqualTo(Rotation.ROTATED);
        assertThat(limiter.acquire(List.of(key))).isInstanceOf(Allowed.class);
        assertThat(limiter.acquire(List.of(key))).isInstanceOf(Allowed.class);
        assertThat(limiter.acquire(List.of(key))).isInstanceOf(Rejected.class);

        RedisClient client = RedisClient.create(redis.primary().url());
        try (StatefulRedisConnection<String, String> primary = client.connect()) {
            assertThat(primary.sync().hget(store.key(id, USER), "jti")).isEqualTo("jti-2");
            assertThat(primary.sync().exists(key.storageKey())).isEqualTo(1L);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        assertThat(connection.ping()).isTrue();
        assertThat(connection.toString()).contains("redis-sentinel://" + redis.sentinelNodes() + "/gateway");
    }

    @Test
    void primaryRestartFailsFastThenTheSameConnectionFindsItAgain() throws InterruptedException {
        RedisSessionStore store = new RedisSessionStore(connection);
        SessionId before = openSession(store);

        redis.primary().stop();
        assertThatThrownBy(() -> store.state(before, USER)).isInstanceOf(StoreUnavailableException.class);
        redis.primary().start();

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!connection.ping()) {
            assertThat(System.nanoTime()).as("primary reachable again within 5 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        // Writes succeed again once the replica follows the restarted primary.
        SessionId after = openSession(store);
        assertThat(store.state(after, USER)).isEqualTo(SessionState.ACTIVE);
        assertThat(store.state(before, USER)).as("the restarted primary is empty").isEqualTo(SessionState.UNKNOWN);
    }

    @Test
    void aSessionWriteNoReplicaConfirmsFailsClosedAndIsCountedAsNotReplicated() {
        RedisSessionStore store = new RedisSessionStore(connection);
        SessionId id = openSession(store);
        redis.replica().stop();
        try {
            OUTCOMES.clear();
            assertThatThrownBy(() -> store.revoke(id, USER)).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("revoke session");
            assertThat(store.state(id, USER)).as("applied on the primary, only not confirmed; reads need no replica")
                    .isEqualTo(SessionState.REVOKED);
            assertThat(OUTCOMES).containsExactly("revoke session not_replicated", "read session success");
        } finally {
            redis.replica().start();
            redis.awaitReplicaInSync();
        }
        awaitConfirmed(() -> store.revoke(id, USER));
        assertThat(store.state(id, USER)).isEqualTo(SessionState.REVOKED);
    }
}
