package com.ticketing.gateway.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.Identity;
import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.TokenClaims;
import com.ticketing.gateway.domain.model.TokenRejection;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.port.RateLimiter;
import com.ticketing.gateway.domain.testing.FakeSessionStore;
import com.ticketing.gateway.domain.testing.FakeTokenVerifier;
import com.ticketing.gateway.domain.testing.MutableClock;
import com.ticketing.gateway.domain.testing.TestLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AuthenticationTest {

    private static final UserId USER = new UserId("u-1");
    private static final SessionId SESSION = new SessionId("s-1");

    private final MutableClock clock = MutableClock.standing();
    private final FakeSessionStore store = new FakeSessionStore(clock);
    private final FakeTokenVerifier verifier = new FakeTokenVerifier();
    private final List<List<LimitKey>> charged = new ArrayList<>();
    private final RateLimiter limiter = keys -> {
        charged.add(keys);
        return new RateLimitDecision.Allowed(new RateLimitDecision.LimitState(keys.get(0), 9, Duration.ZERO));
    };
    private final Authentication authentication = new Authentication(verifier, new SeparateTurnstile(store, limiter));

    private static List<LimitKey> limitsOf(Identity caller) {
        return List.of(new LimitKey(TestLimits.USER, caller.userId().value()));
    }

    private Authentication.Outcome authenticate(Optional<String> token) {
        return authentication.authenticate(token, AuthenticationTest::limitsOf);
    }

    @BeforeEach
    void activeSessionWithAccessAndRefreshToken() {
        store.open(new Session(SESSION, USER, "r-1", clock.instant().plus(Duration.ofDays(7))));
        verifier.access("at-1", new TokenClaims(USER, SESSION, "a-1", clock.instant().plus(Duration.ofMinutes(15))));
        verifier.refresh("rt-1", new TokenClaims(USER, SESSION, "r-1", clock.instant().plus(Duration.ofDays(7))));
    }

    private static Authentication.Outcome refused(AuthProblem problem) {
        return new Authentication.Outcome.Refused(new ApiResult.Unauthenticated(problem));
    }

    @Test
    void validAccessTokenOfAnActiveSessionIdentifiesTheCaller() {
        assertThat(authenticate(Optional.of("at-1")))
                .isEqualTo(new Authentication.Outcome.Authenticated(new Identity(USER, SESSION, "at-1"),
                        new RateLimitDecision.Allowed(new RateLimitDecision.LimitState(
                                new LimitKey(TestLimits.USER, USER.value()), 9, Duration.ZERO))));
        assertThat(charged).containsExactly(limitsOf(new Identity(USER, SESSION, "at-1")));
        assertThat(store.state(SESSION, USER)).isEqualTo(SessionState.ACTIVE);
    }

    @Test
    void missingTokenIsRefusedAsMissing() {
        assertThat(authenticate(Optional.empty())).isEqualTo(refused(AuthProblem.MISSING_TOKEN));
    }

    @Test
    void expiredTokenIsRefusedAsExpired() {
        verifier.reject("old", TokenRejection.EXPIRED);

        assertThat(authenticate(Optional.of("old"))).isEqualTo(refused(AuthProblem.TOKEN_EXPIRED));
    }

    @ParameterizedTest
    @EnumSource(value = TokenRejection.class, mode = EnumSource.Mode.EXCLUDE, names = "EXPIRED")
    void everyOtherRejectionIsRefusedAsInvalid(TokenRejection reason) {
        verifier.reject("bad", reason);

        assertThat(authenticate(Optional.of("bad"))).isEqualTo(refused(AuthProblem.INVALID_TOKEN));
    }

    @Test
    void refreshTokenIsNoAccessToken() {
        assertThat(authenticate(Optional.of("rt-1"))).isEqualTo(refused(AuthProblem.INVALID_TOKEN));
    }

    @Test
    void validTokenNamingAnotherUsersLiveSessionIsRefusedAndChargesNothing() {
        verifier.access("forged", new TokenClaims(new UserId("u-2"), SESSION, "a-2",
                clock.instant().plus(Duration.ofMinutes(15))));

        assertThat(authenticate(Optional.of("forged"))).isEqualTo(refused(AuthProblem.SESSION_REVOKED));
        assertThat(charged).isEmpty();
        assertThat(authenticate(Optional.of("at-1")))
                .as("the owner keeps the session").isInstanceOf(Authentication.Outcome.Authenticated.class);
    }

    @Test
    void validTokenOfARevokedSessionIsRefusedAsRevoked() {
        store.revoke(SESSION, USER);

        assertThat(authenticate(Optional.of("at-1"))).isEqualTo(refused(AuthProblem.SESSION_REVOKED));
        assertThat(charged).isEmpty();
    }

    @Test
    void validTokenOfAnUnknownSessionIsRefusedAsRevoked() {
        verifier.access("at-2", new TokenClaims(USER, new SessionId("s-gone"), "a-2", clock.instant().plusSeconds(60)));

        assertThat(authenticate(Optional.of("at-2"))).isEqualTo(refused(AuthProblem.SESSION_REVOKED));
    }

    @Test
    void unavailableSessionStoreFailsClosed() {
        store.down(true);

        assertThat(authenticate(Optional.of("at-1")))
                .isEqualTo(new Authentication.Outcome.Refused(new ApiResult.StoreUnavailable("sessions")));
    }
}
