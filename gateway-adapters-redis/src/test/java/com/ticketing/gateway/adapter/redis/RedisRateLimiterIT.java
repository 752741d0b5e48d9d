package com.ticketing.gateway.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.LimitScope;
import com.ticketing.gateway.domain.policy.RateLimit;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.policy.RateLimitDecision.Allowed;
import com.ticketing.gateway.domain.policy.RateLimitDecision.Rejected;
import com.ticketing.gateway.domain.policy.StoreFailurePolicy;
import com.ticketing.gateway.domain.port.RateLimiter;
import com.ticketing.gateway.domain.port.RateLimiterContract;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rate limiter contract against a real redis-server (time from the server's {@code TIME}),
 * plus what only Redis can get wrong: key names and expiry, lost scripts, outages, and several
 * gateway instances sharing one Redis.
 */
class RedisRateLimiterIT extends RateLimiterContract {

    private static final Duration FAIL_FAST = Duration.ofSeconds(1);
    private static final Duration RECOVERY = Duration.ofSeconds(5);

    private static RedisTestBed bed;
    private static RedisServerFixture server;
    private static RedisConnection connection;
    private static RedisRateLimiter limiter;

    @BeforeAll
    static void startRedis() {
        bed = RedisTestBed.start();
        server = bed.server;
        connection = bed.connection;
        limiter = new RedisRateLimiter(connection);
    }

    @AfterAll
    static void stopRedis() {
        bed.close();
    }

    @Override
    protected RateLimiter limiter() {
        return limiter;
    }

    private static RedisCommands<String, String> redis() {
        return bed.admin();
    }

    private static LimitKey key(String name, long capacity, Duration period, String subject) {
        return new LimitKey(new RateLimit(name, capacity, period, LimitScope.USER, StoreFailurePolicy.FAIL_OPEN),
                subject);
    }

    private static String subject() {
        return "u-" + UUID.randomUUID();
    }

    @Test
    void keysAreNamedByLimitAndHashTaggedOnTheSubject() {
        String subject = subject();
        LimitKey user = key("user", 100, Duration.ofMinutes(1), subject);
        LimitKey payment = key("payment", 30, Duration.ofMinutes(1), subject);

        limiter.acquire(List.of(user, payment));

        assertThat(redis().keys("gw:rl:*" + subject + "*"))
                .containsExactlyInAnyOrder("gw:rl:{" + subject + "}:user", "gw:rl:{" + subject + "}:payment");
        assertThat(SlotHash.getSlot(user.storageKey()))
                .isEqualTo(SlotHash.getSlot(payment.storageKey()))
                .isEqualTo(SlotHash.getSlot(subject));
    }

    @Test
    void keysOfOneRequestShareASlotWhateverTheSubjectHoldsAndOtherSubjectsSpread() {
        for (String subject : List.of("a}b", "{x}", "a}", "2001:db8::1", "198.51.100.7", "u-1{", "{")) {
            LimitKey user = key("user", 100, Duration.ofMinutes(1), subject);
            LimitKey login = key("login", 10, Duration.ofMinutes(1), subject);
            assertThat(SlotHash.getSlot(user.storageKey())).as(subject).isEqualTo(SlotHash.getSlot(login.storageKey()));
        }
        // The tag is the subject, not a constant: different subjects land on different slots.
        assertThat(SlotHash.getSlot(key("user", 1, Duration.ofMinutes(1), "alice").storageKey()))
                .isNotEqualTo(SlotHash.getSlot(key("user", 1, Duration.ofMinutes(1), "bob").storageKey()));
        // The CRC16 Redis Cluster uses (test vector of the cluster spec), so the check above means something.
        assertThat(SlotHash.getSlot("123456789")).isEqualTo(0x31C3 % 16384);
    }

    @Test
    void subjectStartingWithAClosingBraceStillHashesBothKeysToOneSlot() {
        for (String subject : List.of("}", "}evil", "}{x}")) {
            LimitKey user = key("user", 100, Duration.ofMinutes(1), subject);
            LimitKey payment = key("payment", 30, Duration.ofMinutes(1), subject);
            assertThat(SlotHash.getSlot(user.storageKey())).as(subject)
                    .isEqualTo(SlotHash.getSlot(payment.storageKey()));
        }
    }

    @Test
    void everyKeyWrittenExpiresWithinItsPeriodPlusOneSecond() {
        String subject = subject();
        LimitKey slow = key("slow", 3, Duration.ofSeconds(2), subject);
        LimitKey fast = key("fast", 10, Duration.ofMillis(500), subject);

        for (int i = 0; i < 5; i++) {
            RateLimitDecision decision = limiter.acquire(List.of(slow, fast));
            long slowTtl = redis().pttl(slow.storageKey());
            long fastTtl = redis().pttl(fast.storageKey());
            assertThat(slowTtl).as("slow after request %d", i).isPositive().isLessThanOrEqualTo(2000 + 1000);
            assertThat(fastTtl).as("fast after request %d", i).isPositive().isLessThanOrEqualTo(500 + 1000);
            if (decision instanceof Allowed allowed) {
                // The key lives at least until the limit is back at full capacity.
                assertThat(allowed.reported().key()).isEqualTo(slow);
                assertThat(slowTtl).isGreaterThanOrEqualTo(allowed.reported().reset().toMillis() - 50);
            }
        }
        assertThat(redis().keys("gw:rl:{" + subject + "}:*")).hasSize(2);
    }

    @Test
    void keyLivesUntilFullCapacityAndIsGoneSoonAfter() throws InterruptedException {
        LimitKey key = key("idle", 2, Duration.ofMillis(300), subject());
        limiter.acquire(List.of(key));
        Allowed second = (Allowed) limiter.acquire(List.of(key));

        long ttl = redis().pttl(key.storageKey());
        assertThat(ttl).isBetween(second.reported().reset().toMillis() - 50, 300L + 1000);

        Thread.sleep(second.reported().reset().toMillis() + 100);
        assertThat(redis().exists(key.storageKey())).isZero();
    }

    @Test
    void rejectedRequestsWriteNothing() throws InterruptedException {
        String subject = subject();
        LimitKey tight = key("tight", 1, Duration.ofMinutes(1), subject);
        LimitKey loose = key("loose", 10, Duration.ofMinutes(1), subject);
        limiter.acquire(List.of(tight));
        long before = redis().pttl(tight.storageKey());
        String tat = redis().get(tight.storageKey());
        Thread.sleep(20);

        assertThat(limiter.acquire(List.of(loose, tight))).isInstanceOf(Rejected.class);

        assertThat(redis().exists(loose.storageKey())).isZero();
        assertThat(redis().get(tight.storageKey())).isEqualTo(tat);
        assertThat(redis().pttl(tight.storageKey())).isLessThan(before);
    }

    @Test
    void scriptFlushMidRunFailsNoDecision() throws Exception {
        int threads = 8;
        int perThread = 100;
        List<LimitKey> keys = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            keys.add(key("flush", 1000, Duration.ofDays(1), subject()));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger flushes = new AtomicInteger();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger allowed = new AtomicInteger();
        Thread flusher = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                redis().scriptFlush();
                flushes.incrementAndGet();
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (LimitKey key : keys) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        try {
                            if (limiter.acquire(List.of(key)) instanceof Allowed) {
                                allowed.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            running.set(false);
            flusher.join();
            pool.shutdownNow();
        }

        assertThat(flushes.get()).isGreaterThan(10);
        assertThat(failures.stream().map(e -> e + " caused by " + e.getCause()).toList()).isEmpty();
        assertThat(allowed.get()).isEqualTo(threads * perThread);
        // Each decision charged exactly once: none lost, none run twice on the retry.
        for (LimitKey key : keys) {
            Allowed next = (Allowed) limiter.acquire(List.of(key));
            assertThat(next.reported().remaining()).isEqualTo(1000 - perThread - 1);
        }
    }

    @Test
    void failsAsUnavailableWithinOneSecondWhileRedisIsDownAndWorksAgainAfterARestart()
            throws InterruptedException {
        try (RedisServerFixture own = RedisServerFixture.startOnFreePort();
             RedisConnection ownConnection = new RedisConnection(RedisSettings.of(own.url()))) {
            RedisRateLimiter ownLimiter = new RedisRateLimiter(ownConnection);
            LimitKey key = key("outage", 3, Duration.ofMinutes(1), subject());
            assertThat(ownLimiter.acquire(List.of(key))).isInstanceOf(Allowed.class);

            own.stop();

            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> ownLimiter.acquire(List.of(key)))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasCauseInstanceOf(RedisException.class)
                        .hasMessageContaining("rate limit");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAIL_FAST);
            }

            own.start();
            long deadline = System.nanoTime() + RECOVERY.toNanos();
            while (!ownConnection.ping()) {
                assertThat(System.nanoTime()).as("redis reachable again within %s", RECOVERY).isLessThan(deadline);
                Thread.sleep(50);
            }

            // The restarted server is empty: no limiter state and no cached script.
            Allowed after = (Allowed) ownLimiter.acquire(List.of(key));
            assertThat(after.reported().remaining()).isEqualTo(2);
            ownLimiter.acquire(List.of(key));
            ownLimiter.acquire(List.of(key));
            assertThat(ownLimiter.acquire(List.of(key))).isInstanceOf(Rejected.class);
        }
    }

    @Test
    void twoInstancesOnOneRedisTogetherAdmitExactlyTheCapacity() throws Exception {
        try (RedisConnection first = new RedisConnection(RedisSettings.of(server.url()));
             RedisConnection second = new RedisConnection(RedisSettings.of(server.url()))) {
            List<RedisRateLimiter> instances = List.of(new RedisRateLimiter(first), new RedisRateLimiter(second));
            for (int round = 0; round < 5; round++) {
                LimitKey key = key("burst", 10, Duration.ofMinutes(1), subject());

                List<RateLimitDecision> decisions = raceThroughBoth(instances, key, 50);

                assertThat(decisions).hasSize(100);
                assertThat(decisions).filteredOn(d -> d instanceof Allowed).as("round %d", round).hasSize(10);
                assertThat(decisions).filteredOn(d -> d instanceof Rejected).hasSize(90)
                        .allSatisfy(d -> assertThat(((Rejected) d).retryAfter())
                                .isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1)));
            }
        }
    }

    /** {@code each} acquisitions through every instance, 16 threads per instance, released together. */
    private static List<RateLimitDecision> raceThroughBoth(List<RedisRateLimiter> instances, LimitKey key, int each)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<ExecutorService> pools = new ArrayList<>();
        List<Future<RateLimitDecision>> futures = new ArrayList<>();
        try {
            for (RedisRateLimiter instance : instances) {
                ExecutorService pool = Executors.newFixedThreadPool(RACING_THREADS);
                pools.add(pool);
                for (int i = 0; i < each; i++) {
                    futures.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return instance.acquire(List.of(key));
                    }));
                }
            }
            start.countDown();
            List<RateLimitDecision> decisions = new ArrayList<>();
            for (Future<RateLimitDecision> future : futures) {
                decisions.add(future.get(30, TimeUnit.SECONDS));
            }
            return decisions;
        } finally {
            pools.forEach(ExecutorService::shutdownNow);
        }
    }
}
