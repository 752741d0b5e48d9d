package com.ticketing.gateway.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.Identity;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.LimitScope;
import com.ticketing.gateway.domain.policy.RateLimit;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.policy.RateLimitPolicy;
import com.ticketing.gateway.domain.policy.StoreFailurePolicy;
import com.ticketing.gateway.domain.port.RateLimiter;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import com.ticketing.gateway.domain.route.ApiRoutes;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.testing.TestLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitingTest {

    private static final Route EVENTS = ApiRoutes.v1(Duration.ofSeconds(5), Duration.ofSeconds(8))
            .byId("events.list").orElseThrow();
    private static final Route LOGIN = ApiRoutes.v1(Duration.ofSeconds(5), Duration.ofSeconds(8))
            .byId("auth.login").orElseThrow();
    private static final Route PAYMENTS = ApiRoutes.v1(Duration.ofSeconds(5), Duration.ofSeconds(8))
            .byId("payments.create").orElseThrow();
    private static final Optional<Identity> ADA =
            Optional.of(new Identity(new UserId("u-1"), new SessionId("s-1"), "t"));

    private final List<RateLimitDecision> observed = new ArrayList<>();
    private final List<List<LimitKey>> asked = new ArrayList<>();

    private RateLimiting limiting(RateLimiter limiter) {
        return new RateLimiting(TestLimits.policy(), keys -> {
            asked.add(keys);
            return limiter.acquire(keys);
        }, observed::add);
    }

    private static RateLimiter down() {
        return keys -> {
            throw new StoreUnavailableException("redis timed out", null);
        };
    }

    @Test
    void allowedRequestPassesAndReportsItsLimitState() {
        RateLimitDecision.LimitState state = new RateLimitDecision.LimitState(
                new LimitKey(TestLimits.PUBLIC, "10.0.0.1"), 42, Duration.ofSeconds(3));

        RateLimiting.Check check = limiting(keys -> new RateLimitDecision.Allowed(state))
                .check(EVENTS, Optional.empty(), "10.0.0.1");

        assertThat(check).isEqualTo(new RateLimiting.Check.Pass(Optional.of(state)));
        assertThat(asked).containsExactly(List.of(new LimitKey(TestLimits.PUBLIC, "10.0.0.1")));
        assertThat(observed).containsExactly(new RateLimitDecision.Allowed(state));
    }

    @Test
    void admitsWhatJudgeLetsPassAndNothingElse() {
        RateLimitDecision.LimitState state = new RateLimitDecision.LimitState(
                new LimitKey(TestLimits.USER, "u-1"), 3, Duration.ofSeconds(3));
        RateLimiting limiting = limiting(keys -> new RateLimitDecision.Allowed(state));

        for (RateLimitDecision decision : List.of(new RateLimitDecision.Allowed(state),
                new RateLimitDecision.Rejected(state, Duration.ofSeconds(2)), new RateLimitDecision.StoreFailedOpen(state),
                new RateLimitDecision.StoreFailedClosed(state))) {
            assertThat(RateLimiting.admits(decision)).as(decision.toString())
                    .isEqualTo(limiting.judge(decision) instanceof RateLimiting.Check.Pass);
        }
        assertThat(RateLimiting.admits(new RateLimitDecision.Allowed(state))).isTrue();
        assertThat(RateLimiting.admits(new RateLimitDecision.StoreFailedClosed(state))).isFalse();
    }

    @Test
    void rejectedRequestStopsWithTheTrippedLimitAndRetryAfter() {
        RateLimitDecision.LimitState state = new RateLimitDecision.LimitState(
                new LimitKey(TestLimits.LOGIN, "10.0.0.1"), 0, Duration.ofSeconds(60));

        RateLimiting.Check check = limiting(keys -> new RateLimitDecision.Rejected(state, Duration.ofSeconds(6)))
                .check(LOGIN, Optional.empty(), "10.0.0.1");

        assertThat(check).isEqualTo(new RateLimiting.Check.Stop(
                new ApiResult.RateLimited("login", Duration.ofSeconds(6)), Optional.of(state)));
    }

    @Test
    void storeFailureFailsOpenWhenEveryLimitDoes() {
        RateLimiting.Check check = limiting(down()).check(EVENTS, Optional.empty(), "10.0.0.1");

        assertThat(check).isEqualTo(new RateLimiting.Check.Pass(Optional.empty()));
        assertThat(observed).singleElement().isInstanceOf(RateLimitDecision.StoreFailedOpen.class);
    }

    @Test
    void storeFailureFailsClosedWhenAnyLimitDoes() {
        RateLimiting.Check check = limiting(down()).check(PAYMENTS, ADA, "10.0.0.1");

        assertThat(check).isEqualTo(new RateLimiting.Check.Stop(new ApiResult.StoreUnavailable("rate limit"),
                Optional.empty()));
        assertThat(observed).singleElement().isInstanceOfSatisfying(RateLimitDecision.StoreFailedClosed.class,
                c -> assertThat(c.reported().key().limit()).isEqualTo(TestLimits.PAYMENT));
    }

    @Test
    void failOpenDefaultsCanBeConfiguredClosed() {
        RateLimit strictPublic = new RateLimit("public", 100, Duration.ofMinutes(1), LimitScope.CLIENT_IP,
                StoreFailurePolicy.FAIL_CLOSED);
        RateLimiting strict = new RateLimiting(new RateLimitPolicy(List.of(strictPublic, TestLimits.USER)),
                down(), observed::add);

        assertThat(strict.check(EVENTS, Optional.empty(), "10.0.0.1"))
                .isInstanceOf(RateLimiting.Check.Stop.class);
    }
}
