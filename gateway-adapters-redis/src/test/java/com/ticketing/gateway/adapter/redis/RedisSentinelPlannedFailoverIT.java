package com.ticketing.gateway.adapter.redis;

import static com.ticketing.gateway.adapter.redis.RedisSentinelFixture.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.adapter.redis.RedisCommandObserver.Outcome;
import com.ticketing.gateway.domain.model.Rotation;
import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * A planned {@code SENTINEL FAILOVER} under a stream of logins, rotations and logouts: the old
 * primary keeps accepting writes until the Sentinel demotes it about ten seconds later, and
 * whatever it accepted after the promotion is discarded when it re-syncs as a replica. No write
 * the store acknowledged may be among them: afterwards, on the new primary, every acknowledged
 * login exists, every acknowledged logout is revoked and every rotated-away refresh token is
 * refused. Operations that fail meanwhile fail closed ({@link StoreUnavailableException}).
 * Without replica confirmation the same run loses thousands of acknowledged writes.
 */
class RedisSentinelPlannedFailoverIT {

    private static final int WORKERS = 4;
    private static final Duration LOAD_BEFORE_FAILOVER = Duration.ofSeconds(1);
    private static final Duration SWITCHED_WITHIN = Duration.ofSeconds(10);
    /** The Sentinel demotes the old primary about ten seconds after the promotion. */
    private static final Duration DEMOTED_WITHIN = Duration.ofSeconds(30);
    private static final Duration LOAD_AFTER_DEMOTION = Duration.ofSeconds(1);
    private static final UserId USER = new UserId("u-1");
    private static final Instant EXPIRES = Instant.now().plus(Duration.ofHours(1));

    private RedisSentinelFixture redis;
    private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);

    @BeforeEach
    void startPrimaryReplicaAndSentinel() {
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, new LongAdder());
        }
        redis = RedisSentinelFixture.start();
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    @RepeatedTest(3)
    void noAcknowledgedLoginLogoutOrRotationIsLostInAPlannedFailover() throws InterruptedException {
        Workload workload = plannedFailoverUnderLoad(RedisTopology.Sentinel.DEFAULT_CONFIRMING_REPLICAS);

        assertThat(workload.inconsistent).as("answers that contradict an acknowledged write").isEmpty();
        assertThat(workload.lost).as("acknowledged writes missing on the new primary").isZero();
        assertThat(outcomes.get(Outcome.NOT_REPLICATED).sum()).as("writes refused as not replicated").isPositive();
    }

    /** What {@code REDIS_SENTINEL_CONFIRMING_REPLICAS=0} risks, and proof that the check above can fail. */
    @Test
    void withoutReplicaConfirmationAPlannedFailoverLosesAcknowledgedWrites() throws InterruptedException {
        Workload workload = plannedFailoverUnderLoad(0);

        assertThat(workload.lost).as("acknowledged writes missing on the new primary").isPositive();
        assertThat(outcomes.get(Outcome.NOT_REPLICATED).sum()).isZero();
    }

    /**
     * Runs the workload from a second before {@code SENTINEL FAILOVER} until a second after the
     * old primary follows the new one, then checks every acknowledged write on the new primary.
     */
    private Workload plannedFailoverUnderLoad(int confirmingReplicas) throws InterruptedException {
        int oldPrimary = redis.primary().port();
        int newPrimary = redis.replica().port();
        RedisSettings settings = RedisSettings.of(new RedisTopology.Sentinel(
                RedisNode.parseList(redis.sentinelNodes(), "sentinel"), RedisSentinelFixture.MASTER_NAME,
                confirmingReplicas));
        Workload workload;
        try (RedisConnection connection = new RedisConnection(settings,
                (operation, nanos, outcome) -> outcomes.get(outcome).increment())) {
            workload = new Workload(new RedisSessionStore(connection));
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                workers.add(Thread.ofPlatform().name("session-load-" + i).start(workload::run));
            }
            Thread.sleep(LOAD_BEFORE_FAILOVER.toMillis());
            long acknowledgedBefore = workload.acknowledged.get();

            workload.failoverAt = System.nanoTime();
            redis.failover();
            awaitUntil("the sentinel names the replica", SWITCHED_WITHIN,
                    () -> redis.portOfPrimaryNamedBySentinel() == newPrimary);
            long switched = System.nanoTime();
            awaitUntil("the old primary is demoted and follows the new one", DEMOTED_WITHIN,
                    () -> "slave".equals(redis.roleOf(oldPrimary)) && redis.onServer(oldPrimary,
                            admin -> admin.sync().info("replication")).contains("master_link_status:up"));
            long demoted = System.nanoTime();
            long acknowledgedAtDemotion = workload.acknowledged.get();
            Thread.sleep(LOAD_AFTER_DEMOTION.toMillis());
            workload.running = false;
            for (Thread worker : workers) {
                worker.join();
            }
            workload.checkOn(newPrimary);
            report(confirmingReplicas, workload, switched, demoted, acknowledgedBefore);

            assertThat(workload.unexpected).as("failures other than store unavailable").isEmpty();
            assertThat(acknowledgedBefore).as("writes before the failover").isPositive();
            assertThat(workload.acknowledged.get()).as("writes after the demotion, on the new primary")
                    .isGreaterThan(acknowledgedAtDemotion);
        }
        return workload;
    }

    private void report(int confirmingReplicas, Workload workload, long switched, long demoted,
                        long acknowledgedBefore) {
        long failed = workload.failed.get();
        System.out.printf("planned failover, %d confirming replicas: sentinel switched after %d ms, old primary "
                        + "demoted after %d ms; %d operations acknowledged (%d before the failover), %d failed as "
                        + "store unavailable for %d ms (from %d ms to %d ms after SENTINEL FAILOVER), outcomes %s; "
                        + "lost acknowledged writes: %d, inconsistent answers: %d%n",
                confirmingReplicas, millis(switched - workload.failoverAt), millis(demoted - workload.failoverAt),
                workload.acknowledged.get(), acknowledgedBefore, failed,
                failed == 0 ? 0 : millis(workload.lastFailure.get() - workload.firstFailure.get()),
                failed == 0 ? 0 : millis(workload.firstFailure.get() - workload.failoverAt),
                failed == 0 ? 0 : millis(workload.lastFailure.get() - workload.failoverAt), outcomes, workload.lost,
                workload.inconsistent.size());
        System.out.println("failures by cause and second after SENTINEL FAILOVER: " + new TreeMap<>(workload.causes));
    }

    /**
     * Each worker logs in, rotates twice, logs out and checks the logout, over and over with new
     * sessions; after a failed operation it leaves that session (its state is unknown).
     */
    private static final class Workload {
        private final RedisSessionStore store;
        volatile boolean running = true;
        volatile long failoverAt;
        final Queue<SessionId> opened = new ConcurrentLinkedQueue<>();
        final Queue<SessionId> revoked = new ConcurrentLinkedQueue<>();
        /** Session and the refresh token id it rotated away from. */
        final Map<String, List<String>> rotatedAway = new ConcurrentHashMap<>();
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong firstFailure = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastFailure = new AtomicLong();
        final Queue<String> inconsistent = new ConcurrentLinkedQueue<>();
        final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        final Map<String, LongAdder> causes = new ConcurrentHashMap<>();
        int lost;

        Workload(RedisSessionStore store) {
            this.store = store;
        }

        void run() {
            try {
                while (running) {
                    oneSession();
                    Thread.sleep(2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                unexpected.add(e);
            }
        }

        private void oneSession() {
            SessionId id = new SessionId("sess-" + UUID.randomUUID());
            String token = "jti-0";
            try {
                store.open(new Session(id, USER, token, EXPIRES));
                acknowledge(() -> opened.add(id));
                for (int rotation = 1; rotation <= 2; rotation++) {
                    String next = "jti-" + rotation;
                    Rotation result = store.rotate(id, USER, token, next, EXPIRES);
                    if (result != Rotation.ROTATED) {
                        inconsistent.add("rotation of a session only this worker uses answered " + result);
                        return;
                    }
                    String previous = token;
                    acknowledge(() -> rotatedAway.computeIfAbsent(id.value(), k -> new ArrayList<>()).add(previous));
                    token = next;
                }
                store.revoke(id, USER);
                acknowledge(() -> revoked.add(id));
                SessionState state = store.state(id, USER);
                if (state != SessionState.REVOKED) {
                    inconsistent.add("a session read " + state + " after its logout was acknowledged");
                }
            } catch (StoreUnavailableException e) {
                long now = System.nanoTime();
                failed.incrementAndGet();
                firstFailure.accumulateAndGet(now, Math::min);
                lastFailure.accumulateAndGet(now, Math::max);
                Throwable cause = e.getCause();
                String message = cause == null ? "none" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
                causes.computeIfAbsent(message.replaceAll("[0-9]+", "N") + " @" + millis(now - failoverAt) / 1000 + "s",
                        k -> new LongAdder()).increment();
            }
        }

        private void acknowledge(Runnable record) {
            record.run();
            acknowledged.incrementAndGet();
        }

        /** Checks every acknowledged write on the server at {@code port}; counts those missing as {@link #lost}. */
        void checkOn(int port) {
            try (RedisConnection direct = new RedisConnection(RedisSettings.of("redis://127.0.0.1:" + port))) {
                RedisSessionStore primary = new RedisSessionStore(direct);
                for (SessionId id : opened) {
                    lost += primary.state(id, USER) == SessionState.UNKNOWN ? 1 : 0;
                }
                for (SessionId id : revoked) {
                    lost += primary.state(id, USER) == SessionState.REVOKED ? 0 : 1;
                }
                for (Map.Entry<String, List<String>> session : rotatedAway.entrySet()) {
                    for (String oldToken : session.getValue()) {
                        Rotation reuse = primary.rotate(new SessionId(session.getKey()), USER, oldToken,
                                "probe-" + UUID.randomUUID(), EXPIRES);
                        lost += reuse == Rotation.REUSED || reuse == Rotation.REVOKED ? 0 : 1;
                    }
                }
            }
        }
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
