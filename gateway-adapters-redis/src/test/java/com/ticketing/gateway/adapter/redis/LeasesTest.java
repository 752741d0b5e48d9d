package com.ticketing.gateway.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.LimitScope;
import com.ticketing.gateway.domain.policy.RateLimit;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.policy.StoreFailurePolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Leases' arithmetic on a clock of the test's: growth, expiry, all-or-none, the caps. */
class LeasesTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Leases leases = new Leases(64, now::get);

    private static LimitKey key(long capacity, String subject) {
        return new LimitKey(new RateLimit("user", capacity, Duration.ofMinutes(1), LimitScope.USER,
                StoreFailurePolicy.FAIL_OPEN), subject);
    }

    /** The sizes to ask for, as a fetch that has already ended (nothing in flight after it). */
    private int[] wants(List<LimitKey> keys) {
        return leases.wants(keys, CompletableFuture.completedFuture(null));
    }

    @Test
    void whileOneRequestFetchesTheNextLeaseOthersAskForOneAndMayWaitForIt() {
        LimitKey busy = key(1000, "a");
        leases.granted(busy, 1, 900, 1_000_000);
        CompletableFuture<Void> fetch = new CompletableFuture<>();

        assertThat(leases.wants(List.of(busy), fetch)).as("the fetch of the next lease").containsExactly(2);
        assertThat(leases.wants(List.of(busy), new CompletableFuture<>())).as("another, meanwhile").containsExactly(1);
        assertThat(leases.inFlight(List.of(busy))).isSameAs(fetch);

        fetch.complete(null);
        assertThat(leases.inFlight(List.of(busy))).isNull();
        CompletableFuture<Void> stuck = new CompletableFuture<>();
        assertThat(leases.wants(List.of(busy), stuck)).containsExactly(4);
        now.addAndGet(Leases.TTL.toNanos());
        assertThat(leases.inFlight(List.of(busy))).as("a fetch older than the TTL is not waited for").isNull();
    }

    @Test
    void aLeaseIsCappedByASixtyFourthOfTheCapacityAndTheConfiguredMaximum() {
        assertThat(leases.cap(key(127, "a").limit())).isEqualTo(1);
        assertThat(leases.cap(key(128, "a").limit())).isEqualTo(2);
        assertThat(leases.cap(key(1000, "a").limit())).isEqualTo(15);
        assertThat(leases.cap(key(100_000_000, "a").limit())).isEqualTo(64);
        assertThat(new Leases(1, now::get).cap(key(100_000_000, "a").limit())).isEqualTo(1);
        assertThatIllegalArgumentException().isThrownBy(() -> new Leases(0, now::get));
    }

    @Test
    void aLimitWithoutLeasesIsNeverSpentHere() {
        LimitKey small = key(127, "a");
        leases.granted(small, 1, 100, 600_000);

        assertThat(leases.spend(List.of(small))).isNull();
        assertThat(wants(List.of(small))).containsExactly(1);
    }

    @Test
    void aLeaseDoublesWhileSpentBeforeItExpiresUpToItsCap() {
        LimitKey busy = key(1000, "a");
        int[] seen = new int[6];
        for (int round = 0; round < seen.length; round++) {
            int want = wants(List.of(busy))[0];
            seen[round] = want;
            leases.granted(busy, want, 500, 1_000_000);
            for (int i = 1; i < want; i++) {
                assertThat(leases.spend(List.of(busy))).isInstanceOf(RateLimitDecision.Allowed.class);
            }
            assertThat(leases.spend(List.of(busy))).as("spent").isNull();
        }

        assertThat(seen).containsExactly(1, 2, 4, 8, 15, 15);
    }

    @Test
    void aLeaseExpiresAfterItsTtlAndShrinksWhenItExpiredUnspent() {
        LimitKey busy = key(1000, "a");
        leases.granted(busy, 1, 500, 1_000_000);
        assertThat(wants(List.of(busy))).containsExactly(2);
        leases.granted(busy, 2, 500, 1_000_000);
        assertThat(leases.spend(List.of(busy))).isNotNull();
        assertThat(wants(List.of(busy))).containsExactly(4);
        leases.granted(busy, 4, 500, 1_000_000);
        assertThat(leases.spend(List.of(busy))).isNotNull();

        now.addAndGet(Leases.TTL.toNanos());

        assertThat(leases.spend(List.of(busy))).as("expired, two left unspent").isNull();
        assertThat(wants(List.of(busy))).as("halved").containsExactly(2);
    }

    @Test
    void aSpendTakesFromEveryLimitOrFromNone() {
        LimitKey user = key(1000, "a");
        LimitKey route = key(1000_000, "a-route");
        leases.granted(user, 3, 900, 1_000_000);
        leases.granted(route, 2, 999_000, 1_000_000);

        assertThat(leases.spend(List.of(user, route))).isNotNull();
        assertThat(leases.spend(List.of(user, route))).as("the route's lease is spent").isNull();

        RateLimitDecision last = leases.spend(List.of(user));
        assertThat(last).as("the user's request was given back").isInstanceOf(RateLimitDecision.Allowed.class);
        assertThat(last.reported().remaining()).isEqualTo(900);
        assertThat(leases.spend(List.of(user))).isNull();
    }

    @Test
    void aRequestWithALimitThatTakesNoLeasesAsksOneOfEveryLimit() {
        LimitKey user = key(1000, "a");
        LimitKey payment = key(30, "a");
        leases.granted(user, 1, 900, 1_000_000);

        assertThat(wants(List.of(user, payment))).containsExactly(1, 1);
        assertThat(wants(List.of(user))).as("alone, the user's lease grows").containsExactly(2);
    }

    @Test
    void aLeaseWithRequestsLeftAsksForOneWhenAnotherLimitSentTheRequestToRedis() {
        LimitKey user = key(1000, "a");
        LimitKey route = key(10_000, "a-route");
        leases.granted(user, 3, 900, 1_000_000);

        assertThat(wants(List.of(user, route))).containsExactly(1, 1);
        leases.granted(user, 1, 899, 1_000_000);
        assertThat(leases.spend(List.of(user))).as("what was left is kept").isNotNull();
        assertThat(leases.spend(List.of(user))).isNotNull();
        assertThat(leases.spend(List.of(user))).isNull();
    }

    @Test
    void aSpentRequestReportsTheLeaseUnspentAsRemaining() {
        LimitKey user = key(1000, "a");
        leases.granted(user, 4, 900, 4 * 60_000);

        assertThat(leases.spend(List.of(user)).reported().remaining()).isEqualTo(902);
        assertThat(leases.spend(List.of(user)).reported().remaining()).isEqualTo(901);
        RateLimitDecision last = leases.spend(List.of(user));
        assertThat(last.reported().remaining()).isEqualTo(900);
        assertThat(last.reported().reset()).isEqualTo(Duration.ofMillis(240));
    }
}
