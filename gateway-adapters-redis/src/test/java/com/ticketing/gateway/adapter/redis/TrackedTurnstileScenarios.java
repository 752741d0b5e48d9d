package com.ticketing.gateway.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.LimitScope;
import com.ticketing.gateway.domain.policy.RateLimit;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.policy.StoreFailurePolicy;
import com.ticketing.gateway.domain.port.Passage;
import com.ticketing.gateway.domain.port.SessionStore;
import com.ticketing.gateway.domain.port.Turnstile;
import com.ticketing.gateway.domain.port.TurnstileContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two gateway instances' turnstiles (each its own connection, remembered sessions and leases) on
 * one Redis, whatever its topology: a busy subject costs a script per lease, not per request; a
 * logout on one instance closes the session on the other within 100 ms; a lost tracking
 * connection forgets everything; leases never let the two admit more than the limit; small limits
 * are decided in Redis every time. Subclasses start the Redis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TrackedTurnstileScenarios {

    /** A limit busy subjects lease (capacity / 64 = 1,562, capped by 64); a day's, so nothing refills in a test. */
    private static final RateLimit BUSY = new RateLimit("user", 100_000, Duration.ofDays(1), LimitScope.USER,
            StoreFailurePolicy.FAIL_OPEN);

    private final List<Instance> instances = new ArrayList<>();
    private final List<String> scripts = new CopyOnWriteArrayList<>();
    private RedisSettings settings;
    private Instance first;
    private Instance second;

    protected abstract RedisSettings startRedis();

    /** Every node sessions may be written on (to kill tracking connections there). */
    protected abstract List<RedisURI> masters();

    protected abstract void stopRedis();

    /** One gateway instance's Redis side. */
    private record Instance(RedisConnection connection, TrackedSessions tracked, RedisSessionStore sessions,
                            RedisTurnstile turnstile) {
    }

    @BeforeAll
    void startRedisAndTwoInstances() {
        settings = startRedis();
        for (int i = 0; i < 2; i++) {
            boolean counted = i == 0;
            RedisConnection connection = new RedisConnection(this.settings, (operation, nanos, outcome) -> {
                if (counted) {
                    scripts.add(operation);
                }
            });
            TrackedSessions tracked = new TrackedSessions(connection, RedisSessionStore.DEFAULT_KEY_PREFIX);
            RedisSessionStore sessions = new RedisSessionStore(connection, RedisSessionStore.DEFAULT_KEY_PREFIX,
                    tracked);
            instances.add(new Instance(connection, tracked, sessions, new RedisTurnstile(connection, sessions, 64)));
        }
        first = instances.get(0);
        second = instances.get(1);
        awaitTracking(Duration.ofSeconds(10));
    }

    @AfterAll
    void stopEverything() {
        for (Instance instance : instances) {
            instance.tracked().close();
            instance.connection().close();
        }
        stopRedis();
    }

    /** The port's contract holds with sessions remembered and limits leased. */
    @Nested
    class Contract extends TurnstileContract {
        @Override
        protected Turnstile turnstile() {
            return first.turnstile();
        }

        @Override
        protected SessionStore sessions() {
            return first.sessions();
        }
    }

    @Test
    void aBusySubjectCostsOneScriptPerLeaseNotPerRequest() {
        UserId owner = newOwner();
        SessionId id = open(first, owner);
        List<LimitKey> limits = List.of(new LimitKey(BUSY, owner.value()));
        scripts.clear();

        long lastRemaining = 0;
        for (int i = 0; i < 300; i++) {
            Passage passage = first.turnstile().pass(id, owner, limits);
            assertThat(passage).isInstanceOf(Passage.Open.class);
            RateLimitDecision decision = ((Passage.Open) passage).decision();
            assertThat(decision).isInstanceOf(RateLimitDecision.Allowed.class);
            lastRemaining = decision.reported().remaining();
        }

        // What the last lease holds unspent is reported as remaining: every request counted once.
        assertThat(lastRemaining).isBetween(100_000L - 300 - 64, 100_000L - 300 + 1);
        assertThat(scripts).as("scripts for 300 requests").hasSizeLessThan(30).containsOnly("session and rate limit");
    }

    @Test
    void concurrentRequestsOfABusySubjectWaitForTheLeaseInFlightRatherThanEachAskRedis() throws Exception {
        UserId owner = newOwner();
        SessionId id = open(first, owner);
        List<LimitKey> limits = List.of(new LimitKey(BUSY, owner.value()));
        first.turnstile().pass(id, owner, limits);
        scripts.clear();

        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> admitted = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                admitted.add(pool.submit(() -> {
                    int allowed = 0;
                    for (int i = 0; i < 50; i++) {
                        Passage passage = first.turnstile().start(id, owner, limits).toCompletableFuture()
                                .get(5, java.util.concurrent.TimeUnit.SECONDS);
                        allowed += ((Passage.Open) passage).decision() instanceof RateLimitDecision.Allowed ? 1 : 0;
                    }
                    return allowed;
                }));
            }
            int total = 0;
            for (Future<Integer> thread : admitted) {
                total += thread.get();
            }
            assertThat(total).isEqualTo(800);
        } finally {
            pool.shutdownNow();
        }

        // 16 requests miss together whenever a lease is spent; one fetches, the others wait for it.
        assertThat(scripts).as("scripts for 800 concurrent requests").hasSizeLessThan(100);
        System.out.printf("800 concurrent requests of one subject: %d scripts%n", scripts.size());
    }

    @Test
    void withoutSessionTrackingNoLeaseIsTakenAndEveryRequestIsOneScriptChargingOne() {
        UserId owner = newOwner();
        SessionId id = open(first, owner);
        RedisSessionStore untracked = new RedisSessionStore(first.connection());
        RedisTurnstile gate = new RedisTurnstile(first.connection(), untracked, 64);
        List<LimitKey> limits = List.of(new LimitKey(BUSY, owner.value()));
        scripts.clear();

        long firstRemaining = ((Passage.Open) gate.pass(id, owner, limits)).decision().reported().remaining();
        long lastRemaining = firstRemaining;
        for (int i = 0; i < 49; i++) {
            lastRemaining = ((Passage.Open) gate.pass(id, owner, limits)).decision().reported().remaining();
        }

        assertThat(scripts).hasSize(50);
        // A day's limit refills one request in 864 ms: nothing taken beyond the requests themselves.
        assertThat(firstRemaining - lastRemaining).isBetween(48L, 49L);
    }

    @Test
    void aLimitOfFewerThan128RequestsIsDecidedInRedisOnEveryRequest() {
        UserId owner = newOwner();
        SessionId id = open(first, owner);
        RateLimit small = new RateLimit("user", 127, Duration.ofMinutes(1), LimitScope.USER, StoreFailurePolicy.FAIL_OPEN);
        List<LimitKey> limits = List.of(new LimitKey(small, owner.value()));
        scripts.clear();

        for (int i = 0; i < 40; i++) {
            assertThat(first.turnstile().pass(id, owner, limits)).isInstanceOf(Passage.Open.class);
        }

        assertThat(scripts).hasSize(40);
    }

    @Test
    void aLogoutOnOneInstanceClosesTheSessionOnTheOtherWithin100Ms() {
        assertALogoutOnOneInstanceClosesTheSessionOnTheOtherWithin100Ms();
    }

    /** A session the first instance remembers, revoked on the second: the first closes it within 100 ms. */
    protected void assertALogoutOnOneInstanceClosesTheSessionOnTheOtherWithin100Ms() {
        UserId owner = newOwner();
        SessionId id = open(first, owner);
        List<LimitKey> limits = List.of(new LimitKey(BUSY, owner.value()));
        for (int i = 0; i < 20; i++) {
            assertThat(first.turnstile().pass(id, owner, limits)).isInstanceOf(Passage.Open.class);
        }
        awaitRemembered(first, id, owner, limits);

        second.sessions().revoke(id, owner);
        long revokedAt = System.nanoTime();

        await("the first instance closes the revoked session", Duration.ofMillis(100),
                () -> first.turnstile().pass(id, owner, limits) instanceof Passage.Closed);
        assertThat(first.turnstile().pass(id, owner, limits)).isEqualTo(new Passage.Closed(SessionState.REVOKED));
        System.out.printf("logout on one instance honoured by the other after %d us%n",
                (System.nanoTime() - revokedAt) / 1000);
    }

    /**
     * Passes until the instance remembers the session (at once, unless its heartbeat is late on a loaded machine:
     * then the read is not kept, which costs a round trip and nothing else).
     */
    private static void awaitRemembered(Instance instance, SessionId id, UserId owner, List<LimitKey> limits) {
        await("the session remembered", Duration.ofSeconds(5), () -> {
            assertThat(instance.turnstile().pass(id, owner, limits)).isInstanceOf(Passage.Open.class);
            return instance.tracked().isActive(instance.sessions().key(id, owner));
        });
    }

    /** Waits until both instances track the sessions on every master again. */
    protected void awaitTracking(Duration within) {
        for (Instance instance : instances) {
            await("tracking on every master", within, instance.tracked()::tracking);
        }
    }

    /** Bumped by the first instance whenever it forgets every session (a loss of tracking among them). */
    protected long firstEpoch() {
        return first.tracked().epoch();
    }

    @Test
    void aLogoutOnTheSameInstanceClosesTheSessionAtOnce() {
        UserId owner = newOwner();
        SessionId id = open(first, owner);
        List<LimitKey> limits = List.of(new LimitKey(BUSY, owner.value()));
        for (int i = 0; i < 20; i++) {
            first.turnstile().pass(id, owner, limits);
        }

        first.sessions().revoke(id, owner);

        assertThat(first.turnstile().pass(id, owner, limits)).isEqualTo(new Passage.Closed(SessionState.REVOKED));
    }

    @Test
    void aLostTrackingConnectionForgetsEverySessionUntilTrackingIsBack() throws Exception {
        UserId owner = newOwner();
        SessionId id = open(first, owner);
        List<LimitKey> limits = List.of(new LimitKey(BUSY, owner.value()));
        awaitRemembered(first, id, owner, limits);
        String key = first.sessions().key(id, owner);

        // Every tracking connection of every instance is cut, so no push can tell of the write below.
        killTrackingConnections();
        await("the loss noticed", Duration.ofSeconds(2), () -> !first.tracked().tracking());
        assertThat(first.tracked().isActive(key)).isFalse();
        revokeBehindTheGatewaysBack(key);

        assertThat(first.turnstile().pass(id, owner, limits)).as("read from Redis, not remembered")
                .isEqualTo(new Passage.Closed(SessionState.REVOKED));

        await("tracking back", Duration.ofSeconds(5), first.tracked()::tracking);
        SessionId next = open(first, owner);
        awaitRemembered(first, next, owner, limits);
    }

    @Test
    void twoInstancesLeasingOneLimitTogetherAdmitNoMoreThanIt() throws Exception {
        UserId owner = newOwner();
        SessionId id = open(first, owner);
        // 256 an hour: leases of up to 4; nothing refills during the test.
        RateLimit limit = new RateLimit("user", 256, Duration.ofHours(1), LimitScope.USER, StoreFailurePolicy.FAIL_OPEN);
        List<LimitKey> limits = List.of(new LimitKey(limit, owner.value()));
        first.turnstile().pass(id, owner, List.of(new LimitKey(BUSY, owner.value())));
        second.turnstile().pass(id, owner, List.of(new LimitKey(BUSY, owner.value())));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < 800; i++) {
                Instance instance = i % 2 == 0 ? first : second;
                answers.add(pool.submit(() -> ((Passage.Open) instance.turnstile().pass(id, owner, limits)).decision()
                        instanceof RateLimitDecision.Allowed));
            }
            int admitted = 0;
            for (Future<Boolean> answer : answers) {
                admitted += answer.get() ? 1 : 0;
            }
            // Never more; fewer only by what a lease held when its instance stopped asking (4 each at most).
            assertThat(admitted).isBetween(256 - 2 * 4, 256);
        } finally {
            pool.shutdownNow();
        }
    }

    private void killTrackingConnections() {
        for (RedisURI master : masters()) {
            RedisClient client = RedisClient.create(master);
            try (StatefulRedisConnection<String, String> admin = client.connect()) {
                for (String line : admin.sync().clientList().split("\n")) {
                    String flags = field(line, "flags");
                    if (flags.contains("t")) {
                        admin.sync().clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(field(line, "id"))));
                    }
                }
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    private void revokeBehindTheGatewaysBack(String key) {
        // A plain HSET over a connection of no instance: only tracking would tell them.
        try (RedisConnection other = new RedisConnection(settings)) {
            other.<Boolean>execute("revoke behind the back", commands -> commands.hset(key, "state", "revoked"));
        }
    }

    private static String field(String clientLine, String name) {
        for (String part : clientLine.trim().split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return "";
    }

    private static UserId newOwner() {
        return new UserId("u-" + UUID.randomUUID());
    }

    /** Opens a session, retrying while the store is unavailable (a failover under way: up to 10 s). */
    private static SessionId open(Instance instance, UserId owner) {
        SessionId id = new SessionId("sess-" + UUID.randomUUID());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                instance.sessions().open(new Session(id, owner, "jti-1", Instant.now().plus(Duration.ofHours(1))));
                return id;
            } catch (com.ticketing.gateway.domain.port.StoreUnavailableException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                sleep(50);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void await(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not within " + within);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
