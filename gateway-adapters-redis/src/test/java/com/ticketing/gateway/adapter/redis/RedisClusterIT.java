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
import com.ticketing.gateway.domain.port.Turnstile;
import com.ticketing.gateway.domain.port.TurnstileContract;
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

    /** At once: well before the command timeout, so not queued until it. */
    private static final Duration FAIL_FAST = RedisSettings.DEFAULT_COMMAND_TIMEOUT.dividedBy(2);
    /** The restarted master serves its slots again within this, with the same client. */
    private static final Duration RECOVERY = Duration.ofSeconds(5);

    private static RedisClusterFixture cluster;
    private static RedisConnection connection;
    private static RedisSessionStore store;
    private static RedisRateLimiter limiter;
    private static RedisTurnstile turnstile;
    private static RedisClient adminClient;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterFixture.start();
        connection = new RedisConnection(RedisSettings.cluster(cluster.nodes()));
        store = new RedisSessionStore(connection);
        limiter = new RedisRateLimiter(connection);
        turnstile = new RedisTurnstile(connection, store);
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
    class TurnstileOnCluster extends TurnstileContract {
        @Override
        protected Turnstile turnstile() {
            return turnstile;
        }

        @Override
        protected SessionStore sessions() {
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

    /** A session whose owner's hash tag, so the session itself, lives on master {@code master}. */
    private static Session sessionOn(int master) {
        return first(i -> new Session(new SessionId("sess-" + UUID.randomUUID()), new UserId("u-" + UUID.randomUUID()),
                        "jti-1", Instant.now().plus(Duration.ofHours(1))),
                session -> RedisClusterFixture.masterOf(store.key(session.id(), session.userId())) == master);
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
            Session session = sessionOn(master);
            store.open(session);
            assertThat(store.rotate(session.id(), session.userId(), "jti-1", "jti-2", Instant.now().plusSeconds(600)))
                    .isEqualTo(Rotation.ROTATED);
            assertThat(holds(master, store.key(session.id(), session.userId()))).as("session on master %d", master)
                    .isTrue();

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
        Session onDown = sessionOn(down);
        Session onUp = sessionOn(up);
        LimitKey limitOnDown = limitKeyOn(down, "restart", 3);
        LimitKey limitOnUp = limitKeyOn(up, "restart", 3);
        store.open(onDown);
        store.open(onUp);
        assertThat(limiter.acquire(List.of(limitOnDown))).isInstanceOf(Allowed.class);

        cluster.stopMaster(down);
        try {
            for (Runnable operation : List.<Runnable>of(
                    () -> store.state(onDown.id(), onDown.userId()),
                    () -> store.rotate(onDown.id(), onDown.userId(), "jti-1", "jti-2", Instant.now().plusSeconds(60)),
                    () -> store.revoke(onDown.id(), onDown.userId()),
                    () -> turnstile.pass(onDown.id(), onDown.userId(), List.of(new LimitKey(limitOnDown.limit(),
                            onDown.userId().value()))),
                    () -> limiter.acquire(List.of(limitOnDown)))) {
                long start = System.nanoTime();
                assertThatThrownBy(operation::run).isInstanceOf(StoreUnavailableException.class)
                        .hasCauseInstanceOf(RedisException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAIL_FAST);
            }
            // The other masters' slots keep working meanwhile.
            assertThat(store.state(onUp.id(), onUp.userId())).isEqualTo(SessionState.ACTIVE);
            assertThat(limiter.acquire(List.of(limitOnUp))).isInstanceOf(Allowed.class);
            assertThat(connection.ping()).as("every master answers").isFalse();
        } finally {
            cluster.startMaster(down);
        }

        long restarted = System.nanoTime();
        long deadline = restarted + RECOVERY.toNanos();
        Session fresh = sessionOn(down);
        while (true) {
            try {
                store.open(fresh);
                break;
            } catch (StoreUnavailableException notYet) {
                assertThat(System.nanoTime()).as("master %d served again within %s", down, RECOVERY)
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
        }
        // The restarted master is empty: the old session is gone (refused as unknown), limits start afresh.
        assertThat(store.state(onDown.id(), onDown.userId())).isEqualTo(SessionState.UNKNOWN);
        assertThat(store.state(fresh.id(), fresh.userId())).isEqualTo(SessionState.ACTIVE);
        assertThat(store.rotate(fresh.id(), fresh.userId(), "jti-1", "jti-2", Instant.now().plusSeconds(60)))
                .isEqualTo(Rotation.ROTATED);
        assertThat(((Allowed) limiter.acquire(List.of(limitOnDown))).reported().remaining()).isEqualTo(2);
        assertThat(connection.ping()).isTrue();
        assertThat(store.state(onUp.id(), onUp.userId())).isEqualTo(SessionState.ACTIVE);
    }
}
