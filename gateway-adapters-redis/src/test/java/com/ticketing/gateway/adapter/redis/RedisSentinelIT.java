package com.ticketing.gateway.adapter.redis;

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

    private static final List<String> OUTCOMES = new CopyOnWriteArrayList<>();
    private static RedisSentinelFixture redis;
    private static RedisConnection connection;

    @BeforeAll
    static void startPrimaryAndSentinel() {
        redis = RedisSentinelFixture.start();
        connection = new RedisConnection(RedisSettings.sentinel(redis.sentinelNodes(), RedisSentinelFixture.MASTER_NAME),
                (operation, nanos, outcome) -> OUTCOMES.add(operation + " " + outcome.label()));
    }

    @AfterAll
    static void stop() {
        connection.close();
        redis.close();
    }

    private static SessionId openSession(RedisSessionStore store) {
        SessionId id = new SessionId("sess-" + UUID.randomUUID());
        store.open(new Session(id, new UserId("u-1"), "jti-1", Instant.now().plus(Duration.ofHours(1))));
        return id;
    }

    @Test
    void sessionsAndLimitsLiveOnThePrimaryTheSentinelNames() {
        RedisSessionStore store = new RedisSessionStore(connection);
        RedisRateLimiter limiter = new RedisRateLimiter(connection);
        SessionId id = openSession(store);
        LimitKey key = new LimitKey(new RateLimit("login", 2, Duration.ofMinutes(1), LimitScope.CLIENT_IP,
                StoreFailurePolicy.FAIL_CLOSED), "198.51.100." + UUID.randomUUID().hashCode());

        assertThat(store.rotate(id, new UserId("u-1"), "jti-1", "jti-2", Instant.now().plusSeconds(600))).isEqualTo(Rotation.ROTATED);
        assertThat(limiter.acquire(List.of(key))).isInstanceOf(Allowed.class);
        assertThat(limiter.acquire(List.of(key))).isInstanceOf(Allowed.class);
        assertThat(limiter.acquire(List.of(key))).isInstanceOf(Rejected.class);

        RedisClient client = RedisClient.create(redis.primary().url());
        try (StatefulRedisConnection<String, String> primary = client.connect()) {
            assertThat(primary.sync().hget(store.key(id, new UserId("u-1")), "jti")).isEqualTo("jti-2");
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
        assertThatThrownBy(() -> store.state(before, new UserId("u-1"))).isInstanceOf(StoreUnavailableException.class);
        redis.primary().start();

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!connection.ping()) {
            assertThat(System.nanoTime()).as("primary reachable again within 5 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        // Writes succeed again once the replica follows the restarted primary.
        redis.awaitReplicaInSync();
        SessionId after = openSession(store);
        assertThat(store.state(after, new UserId("u-1"))).isEqualTo(SessionState.ACTIVE);
        assertThat(store.state(before, new UserId("u-1"))).as("the restarted primary is empty").isEqualTo(SessionState.UNKNOWN);
    }

    @Test
    void aSessionWriteNoReplicaConfirmsFailsClosedAndIsCountedAsNotReplicated() {
        RedisSessionStore store = new RedisSessionStore(connection);
        SessionId id = openSession(store);
        redis.replica().stop();
        try {
            OUTCOMES.clear();
            assertThatThrownBy(() -> store.revoke(id, new UserId("u-1"))).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("revoke session");
            assertThat(store.state(id, new UserId("u-1"))).as("applied on the primary, only not confirmed; reads need no replica")
                    .isEqualTo(SessionState.REVOKED);
            assertThat(OUTCOMES).containsExactly("revoke session not_replicated", "read session success");
        } finally {
            redis.replica().start();
            redis.awaitReplicaInSync();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!confirmedRevoke(store, id)) {
            assertThat(System.nanoTime()).as("writes confirmed again within 5 s").isLessThan(deadline);
        }
        assertThat(store.state(id, new UserId("u-1"))).isEqualTo(SessionState.REVOKED);
    }

    private static boolean confirmedRevoke(RedisSessionStore store, SessionId id) {
        try {
            store.revoke(id, new UserId("u-1"));
            return true;
        } catch (StoreUnavailableException e) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
