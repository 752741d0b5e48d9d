package com.ticketing.gateway.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.domain.testing.TestLimits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitDecisionTest {

    private static final LimitKey PUBLIC = new LimitKey(TestLimits.PUBLIC, "198.51.100.1");
    private static final LimitKey LOGIN = new LimitKey(TestLimits.LOGIN, "198.51.100.1");

    @Test
    void allowedReportsTheLimitWithFewestLeft() {
        RateLimitDecision decision = RateLimitDecision.of(List.of(PUBLIC, LOGIN), List.of(
                new Gcra.Result(true, 10, 97, 1_800_000, 0), new Gcra.Result(true, 10, 3, 42_000_000, 0)));

        assertThat(decision).isInstanceOfSatisfying(RateLimitDecision.Allowed.class, a -> {
            assertThat(a.reported().key()).isEqualTo(LOGIN);
            assertThat(a.reported().remaining()).isEqualTo(3);
            assertThat(a.reported().limit()).isEqualTo(10);
            assertThat(a.reported().reset()).isEqualTo(Duration.ofSeconds(42));
        });
    }

    @Test
    void anyRejectionRejectsAndReportsTheLimitThatTripped() {
        RateLimitDecision decision = RateLimitDecision.of(List.of(PUBLIC, LOGIN), List.of(
                new Gcra.Result(true, 10, 50, 1_000_000, 0), new Gcra.Result(false, 10, 0, 60_000_000, 6_000_000)));

        assertThat(decision).isInstanceOfSatisfying(RateLimitDecision.Rejected.class, r -> {
            assertThat(r.reported().key()).isEqualTo(LOGIN);
            assertThat(r.reported().remaining()).isZero();
            assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(6));
        });
    }

    @Test
    void ofTwoRejectionsTheLongerWaitIsReported() {
        RateLimitDecision decision = RateLimitDecision.of(List.of(PUBLIC, LOGIN), List.of(
                new Gcra.Result(false, 10, 0, 1, 7_000_000), new Gcra.Result(false, 10, 0, 1, 6_000_000)));

        assertThat(((RateLimitDecision.Rejected) decision).reported().key()).isEqualTo(PUBLIC);
        assertThat(((RateLimitDecision.Rejected) decision).retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void remainingNeverExceedsCapacityMinusOne() {
        RateLimitDecision decision = RateLimitDecision.of(List.of(LOGIN),
                List.of(new Gcra.Result(true, 10, 25, 1, 0)));

        assertThat(decision.reported().remaining()).isEqualTo(9);
    }

    @Test
    void needsOneResultPerLimit() {
        assertThatThrownBy(() -> RateLimitDecision.of(List.of(PUBLIC), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
