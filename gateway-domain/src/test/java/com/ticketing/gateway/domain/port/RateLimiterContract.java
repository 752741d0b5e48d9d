package com.ticketing.gateway.domain.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.LimitScope;
import com.ticketing.gateway.domain.policy.RateLimit;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.policy.RateLimitDecision.Allowed;
import com.ticketing.gateway.domain.policy.RateLimitDecision.Rejected;
import com.ticketing.gateway.domain.policy.StoreFailurePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RateLimiter} adapter must show (GCRA, see
 * {@link com.ticketing.gateway.domain.policy.Gcra}). Extend it once per adapter and say how time
 * passes for the limiter: a limiter on a test clock overrides {@link #passTime(Duration)} and
 * answers exactly ({@link #timeTolerance()} zero); a limiter on a real clock (the Redis one uses
 * the server's {@code TIME}) keeps the defaults: sleeps, and a little time passing between the
 * requests of one test. Limits without refill use a period of a minute; the refill test waits
 * 150 ms. Every test uses fresh random subjects, so one limiter may serve all tests.
 */
public abstract class RateLimiterContract {

    /** Acquisitions that race in the concurrency test, and the threads that run them. */
    protected static final int RACING_ACQUISITIONS = 50;
    protected static final int RACING_THREADS = 16;

    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** The limiter under test. */
    protected abstract RateLimiter limiter();

    /** Lets {@code duration} pass for the limiter. */
    protected void passTime(Duration duration) throws InterruptedException {
        Thread.sleep(duration);
    }

    /**
     * How much time may pass for the limiter between two requests of one test (so how much
     * smaller than computed a reported reset or retry-after may be). Zero means exactly.
     */
    protected Duration timeTolerance() {
        return Duration.ofMillis(250);
    }

    /** A limit named {@code name}: {@code capacity} per {@code period}. */
    protected static RateLimit limit(String name, long capacity, Duration period) {
        return new RateLimit(name, capacity, period, LimitScope.CLIENT_IP, StoreFailurePolicy.FAIL_CLOSED);
    }

    /** A subject no other test (or earlier run against the same store) has used. */
    protected static String newSubject() {
        return "subj-" + UUID.randomUUID();
    }

    /** {@code expected} minus up to {@link #timeTolerance()}, never more. */
    private void assertAbout(Duration actual, Duration expected, String what) {
        assertThat(actual).as(what).isBetween(expected.minus(timeTolerance()), expected);
    }

    private static Allowed allowed(RateLimitDecision decision) {
        assertThat(decision).isInstanceOf(Allowed.class);
        return (Allowed) decision;
    }

    private static Rejected rejected(RateLimitDecision decision) {
        assertThat(decision).isInstanceOf(Rejected.class);
        return (Rejected) decision;
    }

    private RateLimitDecision acquire(LimitKey... keys) {
        return limiter().acquire(List.of(keys));
    }

    @Test
    void exactlyCapacityOfMoreSequentialRequestsPassThenTheRestAreRejectedWithRetryAfter() {
        RateLimit limit = limit("seq", 5, MINUTE);
        LimitKey key = new LimitKey(limit, newSubject());
        Duration interval = Duration.ofSeconds(12);

        List<RateLimitDecision> decisions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            decisions.add(acquire(key));
        }

        assertThat(decisions.subList(0, 5)).allSatisfy(d -> assertThat(d).isInstanceOf(Allowed.class));
        assertThat(decisions.subList(5, 8)).allSatisfy(d -> {
            Rejected r = rejected(d);
            assertThat(r.reported().key()).isEqualTo(key);
            assertThat(r.reported().remaining()).isZero();
            assertThat(r.reported().limit()).isEqualTo(5);
            assertThat(r.retryAfter()).isPositive().isLessThanOrEqualTo(limit.period());
            assertAbout(r.retryAfter(), interval, "retry after: one emission interval");
            assertAbout(r.reported().reset(), MINUTE, "reset: a whole period to full capacity");
        });
    }

    @Test
    void remainingCountsDownToZeroAndResetGrowsByOneIntervalPerRequest() {
        LimitKey key = new LimitKey(limit("countdown", 5, MINUTE), newSubject());
        Duration interval = Duration.ofSeconds(12);

        for (int i = 1; i <= 5; i++) {
            Allowed decision = allowed(acquire(key));
            assertThat(decision.reported().key()).isEqualTo(key);
            assertThat(decision.reported().limit()).isEqualTo(5);
            assertThat(decision.reported().remaining()).as("remaining after request %d", i).isEqualTo(5 - i);
            assertThat(decision.reported().reset()).isPositive();
            assertAbout(decision.reported().reset(), interval.multipliedBy(i), "reset after request " + i);
        }
        assertThat(acquire(key)).isInstanceOf(Rejected.class);
    }

    @Test
    void ofConcurrentAcquisitionsExactlyCapacityAreAllowed() throws Exception {
        LimitKey key = new LimitKey(limit("race", 10, MINUTE), newSubject());

        List<RateLimitDecision> decisions = race(RACING_ACQUISITIONS, () -> acquire(key));

        assertThat(decisions).hasSize(RACING_ACQUISITIONS);
        assertThat(decisions).filteredOn(d -> d instanceof Allowed).hasSize(10);
        assertThat(decisions).filteredOn(d -> d instanceof Rejected).hasSize(RACING_ACQUISITIONS - 10)
                .allSatisfy(d -> assertThat(((Rejected) d).retryAfter()).isPositive());
        assertThat(acquire(key)).isInstanceOf(Rejected.class);
    }

    /** Runs {@code count} copies of {@code task} on {@link #RACING_THREADS} threads, all released at once. */
    private static List<RateLimitDecision> race(int count, Callable<RateLimitDecision> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(RACING_THREADS);
        try {
            List<Future<RateLimitDecision>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return task.call();
                }));
            }
            start.countDown();
            List<RateLimitDecision> decisions = new ArrayList<>();
            for (Future<RateLimitDecision> future : futures) {
                decisions.add(future.get(30, TimeUnit.SECONDS));
            }
            return decisions;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void requestRejectedByOneLimitChargesNone() {
        String subject = newSubject();
        LimitKey loose = new LimitKey(limit("loose", 10, MINUTE), subject);
        LimitKey tight = new LimitKey(limit("tight", 2, MINUTE), subject);

        assertThat(acquire(loose, tight)).isInstanceOf(Allowed.class);
        assertThat(acquire(loose, tight)).isInstanceOf(Allowed.class);
        for (int i = 0; i < 3; i++) {
            Rejected r = rejected(acquire(loose, tight));
            assertThat(r.reported().key()).isEqualTo(tight);
        }

        // Two charges, not five: the rejected requests left the loose limit alone.
        Allowed alone = allowed(acquire(loose));
        assertThat(alone.reported().key()).isEqualTo(loose);
        assertThat(alone.reported().remaining()).isEqualTo(10 - 3);
    }

    @Test
    void limitOrderDoesNotChangeWhatIsCharged() {
        String subject = newSubject();
        LimitKey loose = new LimitKey(limit("loose", 10, MINUTE), subject);
        LimitKey tight = new LimitKey(limit("tight", 1, MINUTE), subject);

        assertThat(acquire(tight, loose)).isInstanceOf(Allowed.class);
        assertThat(rejected(acquire(tight, loose)).reported().key()).isEqualTo(tight);
        assertThat(rejected(acquire(loose, tight)).reported().key()).isEqualTo(tight);

        assertThat(allowed(acquire(loose)).reported().remaining()).isEqualTo(10 - 2);
    }

    @Test
    void subjectsAndLimitsDoNotInterfere() {
        RateLimit limit = limit("shared", 2, MINUTE);
        RateLimit other = limit("other", 2, MINUTE);
        String exhausted = newSubject();
        LimitKey key = new LimitKey(limit, exhausted);
        acquire(key);
        acquire(key);
        assertThat(acquire(key)).isInstanceOf(Rejected.class);

        Allowed otherSubject = allowed(acquire(new LimitKey(limit, newSubject())));
        assertThat(otherSubject.reported().remaining()).isEqualTo(1);
        Allowed otherLimit = allowed(acquire(new LimitKey(other, exhausted)));
        assertThat(otherLimit.reported().remaining()).isEqualTo(1);

        assertThat(acquire(key)).isInstanceOf(Rejected.class);
    }

    @Test
    void afterOneEmissionIntervalExactlyOneMoreRequestPasses() throws InterruptedException {
        // 5 per 500 ms: one request's worth comes back every 100 ms.
        LimitKey key = new LimitKey(limit("refill", 5, Duration.ofMillis(500)), newSubject());
        for (int i = 0; i < 5; i++) {
            assertThat(acquire(key)).isInstanceOf(Allowed.class);
        }
        Rejected full = rejected(acquire(key));
        assertThat(full.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(100));

        passTime(Duration.ofMillis(150));

        Allowed refilled = allowed(acquire(key));
        assertThat(refilled.reported().remaining()).isZero();
        assertThat(rejected(acquire(key)).retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void allowedReportsTheLimitWithFewestRequestsLeft() {
        String subject = newSubject();
        LimitKey wide = new LimitKey(limit("wide", 10, MINUTE), subject);
        LimitKey narrow = new LimitKey(limit("narrow", 5, MINUTE), subject);

        Allowed first = allowed(acquire(wide, narrow));
        assertThat(first.reported().key()).isEqualTo(narrow);
        assertThat(first.reported().remaining()).isEqualTo(4);
        assertThat(first.reported().limit()).isEqualTo(5);

        // Seven more on the wide limit alone: now it has fewer left than the narrow one.
        for (int i = 0; i < 7; i++) {
            acquire(wide);
        }
        Allowed second = allowed(acquire(narrow, wide));
        assertThat(second.reported().key()).isEqualTo(wide);
        assertThat(second.reported().remaining()).isEqualTo(1);
        assertThat(second.reported().limit()).isEqualTo(10);
    }

    @Test
    void rejectedReportsTheLimitThatAdmitsAgainLast() {
        String subject = newSubject();
        LimitKey hour = new LimitKey(limit("hourly", 1, Duration.ofHours(1)), subject);
        LimitKey minute = new LimitKey(limit("minutely", 1, MINUTE), subject);
        assertThat(acquire(minute, hour)).isInstanceOf(Allowed.class);

        for (List<LimitKey> keys : List.of(List.of(minute, hour), List.of(hour, minute))) {
            Rejected r = rejected(limiter().acquire(keys));
            assertThat(r.reported().key()).isEqualTo(hour);
            assertAbout(r.retryAfter(), Duration.ofHours(1), "retry after the hourly limit");
        }
    }

    @Test
    void refusesARequestWithoutLimits() {
        assertThatIllegalArgumentException().isThrownBy(() -> limiter().acquire(List.of()));
    }
}
