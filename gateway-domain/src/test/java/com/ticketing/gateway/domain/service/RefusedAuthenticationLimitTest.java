package com.ticketing.gateway.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.TokenClaims;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.LimitScope;
import com.ticketing.gateway.domain.policy.RateLimit;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.policy.RateLimitPolicy;
import com.ticketing.gateway.domain.policy.StoreFailurePolicy;
import com.ticketing.gateway.domain.port.RateLimiter;
import com.ticketing.gateway.domain.testing.ApiRequests;
import com.ticketing.gateway.domain.testing.FakeBackend;
import com.ticketing.gateway.domain.testing.FakeResponseCache;
import com.ticketing.gateway.domain.testing.FakeSessionStore;
import com.ticketing.gateway.domain.testing.FakeStreamTickets;
import com.ticketing.gateway.domain.testing.FakeTokenVerifier;
import com.ticketing.gateway.domain.testing.MutableClock;
import com.ticketing.gateway.domain.testing.TestLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A refused authentication is charged to the client address's public limit, like any anonymous request. */
class RefusedAuthenticationLimitTest {

    private static final int PUBLIC_LIMIT = 3;
    private static final UserId USER = new UserId("u-1");
    private static final SessionId SESSION = new SessionId("s-1");

    /** Counts every acquisition per storage key; refuses a key past its limit's capacity. */
    private static final class CountingLimiter implements RateLimiter {
        final Map<String, Integer> used = new HashMap<>();
        final List<List<LimitKey>> acquired = new ArrayList<>();

        @Override
        public RateLimitDecision acquire(List<LimitKey> keys) {
            acquired.add(keys);
            for (LimitKey key : keys) {
                if (used.getOrDefault(key.storageKey(), 0) >= key.limit().capacity()) {
                    return new RateLimitDecision.Rejected(new RateLimitDecision.LimitState(key, 0,
                            Duration.ofSeconds(20)), Duration.ofSeconds(20));
                }
            }
            keys.forEach(key -> used.merge(key.storageKey(), 1, Integer::sum));
            LimitKey first = keys.get(0);
            return new RateLimitDecision.Allowed(new RateLimitDecision.LimitState(first,
                    first.limit().capacity() - used.get(first.storageKey()), Duration.ZERO));
        }
    }

    private final MutableClock clock = MutableClock.standing();
    private final FakeSessionStore store = new FakeSessionStore(clock);
    private final FakeTokenVerifier verifier = new FakeTokenVerifier();
    private final FakeBackend backend = new FakeBackend();
    private final CountingLimiter limiter = new CountingLimiter();
    private final SeparateTurnstile turnstile = new SeparateTurnstile(store, limiter);
    private final ApiGateway gateway = new ApiGateway(backend, new Authentication(verifier, turnstile),
            new RateLimiting(new RateLimitPolicy(List.of(
                    new RateLimit(RateLimitPolicy.PUBLIC, PUBLIC_LIMIT, Duration.ofMinutes(1), LimitScope.CLIENT_IP,
                            StoreFailurePolicy.FAIL_OPEN),
                    TestLimits.USER, TestLimits.LOGIN, TestLimits.REGISTER,
                    TestLimits.PAYMENT)), limiter, decision -> { }),
            new Sessions(backend, verifier, store), new FakeResponseCache(clock),
            new StreamTicketing(new FakeStreamTickets(), turnstile, clock,
                    () -> "ticket-0123456789abcdefghijklmn", Duration.ofSeconds(60)));

    @BeforeEach
    void aUserWithALiveSession() {
        store.open(new Session(SESSION, USER, "r-1", clock.instant().plus(Duration.ofDays(7))));
        verifier.access("at-1", new TokenClaims(USER, SESSION, "a-1", clock.instant().plus(Duration.ofMinutes(15))));
    }

    private Served withToken(String token, String clientIp) {
        ApiRequests request = ApiRequests.to("bookings.list").clientIp(clientIp);
        return gateway.serve((token == null ? request : request.bearer(token)).build());
    }

    @Test
    void refusedAuthenticationsSpendTheAddressPublicLimitThenAre429() {
        for (int i = 1; i <= PUBLIC_LIMIT; i++) {
            Served refused = withToken(i % 2 == 0 ? null : "garbage", "198.51.100.9");
            assertThat(refused.result()).isInstanceOf(ApiResult.Unauthenticated.class);
            assertThat(refused.rateLimit()).hasValueSatisfying(state -> {
                assertThat(state.key()).isEqualTo(new LimitKey(state.key().limit(), "198.51.100.9"));
                assertThat(state.key().limit().name()).isEqualTo(RateLimitPolicy.PUBLIC);
            });
        }

        Served over = withToken("garbage", "198.51.100.9");

        assertThat(over.result()).isEqualTo(new ApiResult.RateLimited(RateLimitPolicy.PUBLIC, Duration.ofSeconds(20)));
        assertThat(backend.calls()).isEmpty();
    }

    @Test
    void anotherAddressAndTheValidCallerAreNotHeldBack() {
        for (int i = 0; i <= PUBLIC_LIMIT; i++) {
            withToken("garbage", "198.51.100.9");
        }

        assertThat(withToken("garbage", "198.51.100.10").result()).isInstanceOf(ApiResult.Unauthenticated.class);
        assertThat(withToken("at-1", "198.51.100.9").result()).isInstanceOf(ApiResult.Success.class);
    }

    @Test
    void aSessionOfAnotherUserIsChargedLikeAnyRefusal() {
        verifier.access("forged", new TokenClaims(new UserId("u-2"), SESSION, "a-9",
                clock.instant().plus(Duration.ofMinutes(15))));

        Served refused = withToken("forged", "198.51.100.9");

        assertThat(refused.result()).isEqualTo(new ApiResult.Unauthenticated(AuthProblem.SESSION_REVOKED));
        assertThat(limiter.acquired).hasSize(1);
        assertThat(limiter.acquired.get(0)).extracting(key -> key.limit().name()).containsExactly(RateLimitPolicy.PUBLIC);
    }

    @Test
    void anUnknownStreamTicketIsChargedLikeAnyRefusal() {
        Served refused = gateway.serveStream(ApiRequests.to("bookings.stream").path("id", "b-1")
                .query("ticket", "never-issued-0123456789abcdef").clientIp("198.51.100.9").build(), message -> { });

        assertThat(refused.result()).isEqualTo(new ApiResult.Unauthenticated(AuthProblem.INVALID_STREAM_TICKET));
        assertThat(limiter.acquired).hasSize(1);
        assertThat(limiter.acquired.get(0)).extracting(key -> key.limit().name()).containsExactly(RateLimitPolicy.PUBLIC);
    }

    @Test
    void anUnavailableSessionStoreIsNoRefusedAuthenticationAndChargesNothing() {
        store.down(true);

        assertThat(withToken("at-1", "198.51.100.9").result()).isEqualTo(new ApiResult.StoreUnavailable("sessions"));
        assertThat(limiter.acquired).isEmpty();
    }
}
