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
import com.ticketing.gateway.domain.port.RateLimiter;
import com.ticketing.gateway.domain.port.RateLimiterContract;
import com.ticketing.gateway.domain.port.SessionStore;
import com.ticketing.gateway.domain.port.SessionStoreContract;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The session store and the rate limiter on a real three-master Redis Cluster through lettuce's
 * cluster client: both port contracts, keys spread over every master with each script on one,
 * and a master restarted under a live client.
 */
class RedisClusterIT {

    private static final UserId USER = new UserId("u-1");
    /** At once: well before the command timeout, so not queued until it. */
    private static final Duration FAIL_FAST = RedisSettings.DEFAULT_COMMAND_TIMEOUT.dividedBy(2);
    /** The restarted master serves its slots again within this, with the same client. */
    private static final Duration RECOVERY = Duration.ofSeconds(5);

    private static RedisClusterFixture cluster;
    private static RedisConnection connection;
    private static RedisSessionStore store;
    private static RedisRateLimiter limiter;
    private static RedisClient adminClient;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterFixture.start();
        connection = new RedisConnection(RedisSettings.cluster(cluster.nodes()));
        store = new RedisSessionStore(connection);
        limiter = new RedisRateLimiter(connection);
        adminClient = RedisClient.create();
    }

    @AfterAll
    static void stopCluster() {
        adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        connection.close();
        cluster.close();
    }

    @Nested
    class SessionStoreOnCluster extends SessionStoreContract {
        @Override
        protected SessionStore store() {
            return store;
        }
    }

    @Nested
    class RateLimiterOnCluster extends RateLimiterContract {
        @Override
        protected RateLimiter limiter() {
            return limiter;
        }
    }

    private static SessionId sessionOn(int master) {
        return first(i -> new SessionId("sess-" + UUID.randomUUID()),
                id -> RedisClusterFixture.masterOf(store.key(id)) == master);
    }

    private static LimitKey limitKeyOn(int master, String name, long capacity) {
        RateLimit limit = new RateLimit(name, capacity, Duration.ofMinutes(1), LimitScope.USER,
                StoreFailurePolicy.FAIL_OPEN);
        return first(i -> new LimitKey(limit, "u-" + UUID.randomUUID()),
                key -> RedisClusterFixture.masterOf(key.storageKey()) == master);
    }

    private static <T> T first(IntFunction<T> candidates, Predicate<T> accepted) {
        for (int i = 0; i < 1000; i++) {
            T candidate = candidates.apply(i);
            if (accepted.test(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("no candidate in 1000");
    }

    private static Session session(SessionId id, String tokenId) {
        return new Session(id, USER, tokenId, Instant.now().plus(Duration.ofHours(1)));
    }

    /** Whether master {@code master} itself holds {@code key} (asked directly, not through the cluster client). */
    private static boolean holds(int master, String key) {
        try (StatefulRedisConnection<String, String> admin =
                     adminClient.connect(RedisURI.create("127.0.0.1", cluster.port(master)))) {
            return admin.sync().exists(key) == 1L;
        } catch (RedisCommandExecutionException e) {
            assertThat(e).hasMessageStartingWith("MOVED");
            return false;
        }
    }

    @Test
    void sessionsAndLimitsOfDifferentSubjectsLiveOnEveryMasterEachScriptOnOne() {
        for (int master = 0; master < RedisClusterFixture.MASTERS; master++) {
            SessionId id = sessionOn(master);
            store.open(session(id, "jti-1"));
            assertThat(store.rotate(id, "jti-1", "jti-2", Instant.now().plusSeconds(600))).isEqualTo(Rotation.ROTATED);
            assertThat(holds(master, store.key(id))).as("session on master %d", master).isTrue();

            LimitKey tight = limitKeyOn(master, "tight", 2);
            LimitKey loose = new LimitKey(new RateLimit("loose", 100, Duration.ofMinutes(1), LimitScope.USER,
                    StoreFailurePolicy.FAIL_OPEN), tight.subject());
            assertThat(limiter.acquire(List.of(loose, tight))).isInstanceOf(Allowed.class);
            assertThat(limiter.acquire(List.of(loose, tight))).isInstanceOf(Allowed.class);
            assertThat(limiter.acquire(List.of(loose, tight))).isInstanceOf(Rejected.class);
            assertThat(holds(master, tight.storageKey())).as("limit on master %d", master).isTrue();
            assertThat(holds(master, loose.storageKey())).isTrue();
            assertThat(holds((master + 1) % RedisClusterFixture.MASTERS, tight.storageKey())).isFalse();
        }
        assertThat(connection.ping()).isTrue();
        assertThat(connection.toString()).contains("redis-cluster://127.0.0.1:" + cluster.port(0));
    }

    @Test
    void restartedMasterFailsItsSlotsFastMeanwhileAndServesThemAgainWithTheSameClient() throws Exception {
        int down = 1;
        int up = 0;
        SessionId onDown = sessionOn(down);
        SessionId onUp = sessionOn(up);
        LimitKey limitOnDown = limitKeyOn(down, "restart", 3);
        LimitKey limitOnUp = limitKeyOn(up, "restart", 3);
        store.open(session(onDown, "jti-1"));
        store.open(session(onUp, "jti-1"));
        assertThat(limiter.acquire(List.of(limitOnDown))).isInstanceOf(Allowed.class);

        cluster.stopMaster(down);
        try {
            for (Runnable operation : List.<Runnable>of(
                    () -> store.state(onDown, USER),
                    () -> store.rotate(onDown, "jti-1", "jti-2", Instant.now().plusSeconds(60)),
                    () -> store.revoke(onDown),
                    () -> limiter.acquire(List.of(limitOnDown)))) {
                long start = System.nanoTime();
                assertThatThrownBy(operation::run).isInstanceOf(StoreUnavailableException.class)
                        .hasCauseInstanceOf(RedisException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAIL_FAST);
            }
            // The other masters' slots keep working meanwhile.
            assertThat(store.state(onUp, USER)).isEqualTo(SessionState.ACTIVE);
            assertThat(limiter.acquire(List.of(limitOnUp))).isInstanceOf(Allowed.class);
            assertThat(connection.ping()).as("every master answers").isFalse();
        } finally {
            cluster.startMaster(down);
        }

        long restarted = System.nanoTime();
        long deadline = restarted + RECOVERY.toNanos();
        SessionId fresh = sessionOn(down);
        while (true) {
            try {
                store.open(session(fresh, "jti-1"));
                break;
            } catch (StoreUnavailableException notYet) {
                assertThat(System.nanoTime()).as("master %d served again within %s", down, RECOVERY)
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
        }
        // The restarted master is empty: the old session is gone (refused as unknown), limits start afresh.
        assertThat(store.state(onDown, USER)).isEqualTo(SessionState.UNKNOWN);
        assertThat(store.state(fresh, USER)).isEqualTo(SessionState.ACTIVE);
        assertThat(store.rotate(fresh, "jti-1", "jti-2", Instant.now().plusSeconds(60))).isEqualTo(Rotation.ROTATED);
        assertThat(((Allowed) limiter.acquire(List.of(limitOnDown))).reported().remaining()).isEqualTo(2);
        assertThat(connection.ping()).isTrue();
        assertThat(store.state(onUp, USER)).isEqualTo(SessionState.ACTIVE);
    }
}
