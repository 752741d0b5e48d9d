package com.ticketing.gateway.domain.service;

import static com.ticketing.gateway.domain.testing.FakeBackend.bytes;
import static com.ticketing.gateway.domain.testing.FakeBackend.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.Identity;
import com.ticketing.gateway.domain.model.RequestId;
import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.TokenClaims;
import com.ticketing.gateway.domain.model.TokenRejection;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.port.Backend;
import com.ticketing.gateway.domain.port.UpstreamCall;
import com.ticketing.gateway.domain.route.Upstream;
import com.ticketing.gateway.domain.route.UpstreamOperation;
import com.ticketing.gateway.domain.testing.ApiRequests;
import com.ticketing.gateway.domain.testing.FakeBackend;
import com.ticketing.gateway.domain.testing.FakeSessionStore;
import com.ticketing.gateway.domain.testing.FakeSessionStore.Entry;
import com.ticketing.gateway.domain.testing.FakeTokenVerifier;
import com.ticketing.gateway.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SessionsTest {

    private static final UserId USER = new UserId("u-1");
    private static final SessionId SESSION = new SessionId("s-1");
    private static final String CREDENTIALS = "{\"email\":\"a@example.com\",\"password\":\"secret-pw\"}";
    private static final String TOKENS = "{\"accessToken\":\"at\",\"refreshToken\":\"rt\"}";

    private final MutableClock clock = MutableClock.standing();
    private final Instant inAWeek = clock.instant().plus(Duration.ofDays(7));
    private final FakeSessionStore store = new FakeSessionStore(clock);
    private final FakeTokenVerifier verifier = new FakeTokenVerifier();
    private final FakeBackend backend = new FakeBackend();
    private final Sessions sessions = new Sessions(backend, verifier, store);

    private TokenClaims refreshClaims(String tokenId, Instant expiresAt) {
        return new TokenClaims(USER, SESSION, tokenId, expiresAt);
    }

    private static void assertSuccess(ApiResult result, int status, String json) {
        assertThat(result).isInstanceOfSatisfying(ApiResult.Success.class, success -> {
            assertThat(success.status()).isEqualTo(status);
            assertThat(success.json()).isEqualTo(bytes(json));
            assertThat(success.location()).isEmpty();
            assertThat(success.etag()).isEmpty();
            assertThat(success.maxAge()).isZero();
        });
    }

    @Nested
    class Login {

        private ApiResult login() {
            return sessions.login(ApiRequests.to("auth.login").body(CREDENTIALS).requestId("req-login").build());
        }

        @Test
        void opensTheSessionOfTheIssuedRefreshTokenAndAnswersTheTokens() {
            verifier.refresh("rt-1", refreshClaims("r-1", inAWeek));
            backend.answer("Login", ok(TOKENS, Map.of("refreshToken", "rt-1")));

            assertSuccess(login(), 200, TOKENS);

            assertThat(store.entry(SESSION)).contains(new Entry(USER, "r-1", false, inAWeek));
        }

        @Test
        void sendsTheCredentialsAnonymouslyAndAsksForTheRefreshToken() {
            verifier.refresh("rt-1", refreshClaims("r-1", inAWeek));
            backend.answer("Login", ok(TOKENS, Map.of("refreshToken", "rt-1")));

            login();

            UpstreamCall call = backend.onlyCall();
            assertThat(call.operation()).isEqualTo(new UpstreamOperation(Upstream.AUTH, "Login"));
            assertThat(call.jsonBody()).isEqualTo(bytes(CREDENTIALS));
            assertThat(call.fields()).isEmpty();
            assertThat(call.responseFields()).isEqualTo(Set.of("refreshToken"));
            assertThat(call.context().requestId()).isEqualTo(new RequestId("req-login"));
            assertThat(call.context().identity()).isEmpty();
            assertThat(call.context().idempotencyKey()).isEmpty();
            assertThat(call.context().deadline()).isEqualTo(ApiRequests.DEFAULT_DEADLINE);
        }

        @Test
        void refusedLoginIsTheServiceFailureAndOpensNothing() {
            UpstreamOutcome.Failed refused = new UpstreamOutcome.Failed(FailureKind.UNAUTHENTICATED, "", "bad login");
            backend.answer("Login", refused);

            assertThat(login()).isEqualTo(new ApiResult.ServiceFailure(refused));
            assertThat(store.entry(SESSION)).isEmpty();
        }

        @Test
        void loginWhileTheAuthCircuitIsOpenIsCircuitOpenAndOpensNothing() {
            backend.answer("Login", new UpstreamOutcome.CircuitOpen(Duration.ofSeconds(7)));

            assertThat(login()).isEqualTo(new ApiResult.CircuitOpen(Duration.ofSeconds(7)));
            assertThat(store.entry(SESSION)).isEmpty();
        }

        @Test
        void unmappableCredentialsAreInvalidInput() {
            backend.answer("Login", new UpstreamOutcome.Unmappable(false, "emial", "unknown field"));

            assertThat(login()).isEqualTo(new ApiResult.InvalidInput(false, "emial", "unknown field"));
        }

        @Test
        void issuedRefreshTokenTheGatewayCannotVerifyIsAnInternalFailureAndOpensNothing() {
            backend.answer("Login", ok(TOKENS, Map.of("refreshToken", "rt-signed-elsewhere")));

            assertThat(login()).isEqualTo(new ApiResult.ServiceFailure(UpstreamOutcome.Failed.of(FailureKind.INTERNAL)));
            assertThat(store.entry(SESSION)).isEmpty();
        }

        @Test
        void refreshTokenTheGatewayCannotVerifyIsLoggedAsAnErrorWithoutTheToken() {
            backend.answer("Login", ok(TOKENS, Map.of("refreshToken", "rt-signed-elsewhere")));

            List<LogRecord> records = logged(this::login);

            assertThat(records).singleElement().satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(formatted(record)).contains("JWT_REFRESH_SECRET").doesNotContain("rt-signed-elsewhere");
            });
        }

        @Test
        void answerWithoutRefreshTokenIsAnInternalFailure() {
            backend.answer("Login", ok(TOKENS));

            assertThat(login()).isEqualTo(new ApiResult.ServiceFailure(UpstreamOutcome.Failed.of(FailureKind.INTERNAL)));
        }

        @Test
        void unavailableStoreFailsTheLogin() {
            verifier.refresh("rt-1", refreshClaims("r-1", inAWeek));
            backend.answer("Login", ok(TOKENS, Map.of("refreshToken", "rt-1")));
            store.down(true);

            assertThat(login()).isEqualTo(new ApiResult.StoreUnavailable("sessions"))
                    .extracting(result -> ((ApiResult.StoreUnavailable) result).cause()).asString().isNotBlank();
        }
    }

    @Nested
    class Refresh {

        private final Instant inTwoWeeks = inAWeek.plus(Duration.ofDays(7));

        private ApiResult refresh(String token) {
            return sessions.refresh(ApiRequests.to("auth.refresh").requestId("req-refresh").build(), token);
        }

        private void openWithCurrentToken(String tokenId) {
            store.open(new Session(SESSION, USER, tokenId, inAWeek));
        }

        private void authServiceIssues(String token, String tokenId) {
            verifier.refresh(token, refreshClaims(tokenId, inTwoWeeks));
            backend.answer("RefreshToken", ok(TOKENS, Map.of("refreshToken", token)));
        }

        @Test
        void rotatesToTheIssuedRefreshTokenAndAnswersTheTokens() {
            openWithCurrentToken("r-1");
            verifier.refresh("rt-1", refreshClaims("r-1", inAWeek));
            authServiceIssues("rt-2", "r-2");

            assertSuccess(refresh("rt-1"), 200, TOKENS);

            assertThat(store.entry(SESSION)).contains(new Entry(USER, "r-2", false, inTwoWeeks));
        }

        @Test
        void sendsThePresentedTokenAnonymouslyAndAsksForTheNewOne() {
            openWithCurrentToken("r-1");
            verifier.refresh("rt-1", refreshClaims("r-1", inAWeek));
            authServiceIssues("rt-2", "r-2");

            refresh("rt-1");

            UpstreamCall call = backend.onlyCall();
            assertThat(call.operation()).isEqualTo(new UpstreamOperation(Upstream.AUTH, "RefreshToken"));
            assertThat(call.jsonBody()).isEmpty();
            assertThat(call.fields()).isEqualTo(Map.of("refreshToken", "rt-1"));
            assertThat(call.responseFields()).isEqualTo(Set.of("refreshToken"));
            assertThat(call.context().requestId()).isEqualTo(new RequestId("req-refresh"));
            assertThat(call.context().identity()).isEmpty();
            assertThat(call.context().deadline()).isEqualTo(ApiRequests.DEFAULT_DEADLINE);
        }

        @Test
        void refreshTokenNamingAnotherUsersSessionIsRefusedWithoutCallingTheAuthService() {
            openWithCurrentToken("r-1");
            verifier.refresh("rt-forged", new TokenClaims(new UserId("u-2"), SESSION, "r-1", inAWeek));

            assertThat(refresh("rt-forged")).isEqualTo(new ApiResult.Unauthenticated(AuthProblem.SESSION_REVOKED));

            assertThat(backend.calls()).isEmpty();
            assertThat(store.entry(SESSION)).contains(new Entry(USER, "r-1", false, inAWeek));
        }

        @Test
        void reusedRefreshTokenRevokesTheSession() {
            openWithCurrentToken("r-2");
            verifier.refresh("rt-1", refreshClaims("r-1", inAWeek));
            authServiceIssues("rt-3", "r-3");

            assertThat(refresh("rt-1")).isEqualTo(new ApiResult.Unauthenticated(AuthProblem.TOKEN_REUSED));

            assertThat(store.state(SESSION, USER)).isEqualTo(SessionState.REVOKED);
        }

        @Test
        void authServiceDetectingReuseRevokesTheSession() {
            openWithCurrentToken("r-1");
            verifier.refresh("rt-1", refreshClaims("r-1", inAWeek));
            backend.answer("RefreshToken", new UpstreamOutcome.Failed(FailureKind.UNAUTHENTICATED,
                    Sessions.REASON_TOKEN_REUSED, ""));

            assertThat(refresh("rt-1")).isEqualTo(new ApiResult.Unauthenticated(AuthProblem.TOKEN_REUSED));

            assertThat(store.state(SESSION, USER)).isEqualTo(SessionState.REVOKED);
            assertThat(Sessions.REASON_TOKEN_REUSED).isEqualTo("TOKEN_REUSED");
        }

        @Test
        void authServiceRefusingForAnotherReasonIsAnInvalidTokenAndKeepsTheSession() {
            openWithCurrentToken("r-1");
            verifier.refresh("rt-1", refreshClaims("r-1", inAWeek));
            backend.answer("RefreshToken", new UpstreamOutcome.Failed(FailureKind.UNAUTHENTICATED, "EXPIRED", ""));

            assertThat(refresh("rt-1")).isEqualTo(new ApiResult.Unauthenticated(AuthProblem.INVALID_TOKEN));

            assertThat(store.entry(SESSION)).contains(new Entry(USER, "r-1", false, inAWeek));
        }

        @Test
        void reuseReasonOnAnotherFailureKindIsJustThatFailure() {
            openWithCurrentToken("r-1");
            verifier.refresh("rt-1", refreshClaims("r-1", inAWeek));
            UpstreamOutcome.Failed failed = new UpstreamOutcome.Failed(FailureKind.PERMISSION_DENIED,
                    Sessions.REASON_TOKEN_REUSED, "");
            backend.answer("RefreshToken", failed);

            assertThat(refresh("rt-1")).isEqualTo(new ApiResult.ServiceFailure(failed));
            assertThat(store.state(SESSION, USER)).isEqualTo(SessionState.ACTIVE);
        }

        @Test
        void unavailableAuthServiceIsTheServiceFailureAndKeepsTheSession() {
            openWithCurrentToken("r-1");
            verifier.refresh("rt-1", refreshClaims("r-1", inAWeek));
            UpstreamOutcome.Failed down = UpstreamOutcome.Failed.of(FailureKind.UNAVAILABLE);
            backend.answer("RefreshToken", down);

            assertThat(refresh("rt-1")).isEqualTo(new ApiResult.ServiceFailure(down));
            assertThat(store.entry(SESSION)).contains(new Entry(USER, "r-1", false, inAWeek));
        }

        @Test
        void refreshWhileTheAuthCircuitIsOpenIsCircuitOpenAndKeepsTheSession() {
            openWithCurrentToken("r-1");
            verifier.refresh("rt-1", refreshClaims("r-1", inAWeek));
            backend.answer("RefreshToken", new UpstreamOutcome.CircuitOpen(Duration.ofSeconds(7)));

            assertThat(refresh("rt-1")).isEqualTo(new ApiResult.CircuitOpen(Duration.ofSeconds(7)));
            assertThat(store.entry(SESSION)).contains(new Entry(USER, "r-1", false, inAWeek));
        }

        @Test
        void unmappableAnswerIsInvalidInput() {
            openWithCurrentToken("r-1");
            verifier.refresh("rt-1", refreshClaims("r-1", inAWeek));
            backend.answer("RefreshToken", new UpstreamOutcome.Unmappable(true, "", "not JSON"));

            assertThat(refresh("rt-1")).isEqualTo(new ApiResult.InvalidInput(true, "", "not JSON"));
        }

        @Test
        void expiredRefreshTokenIsRefusedAsExpiredWithoutCallingTheAuthService() {
            verifier.reject("rt-old", TokenRejection.EXPIRED);

            assertThat(refresh("rt-old")).isEqualTo(new ApiResult.Unauthenticated(AuthProblem.TOKEN_EXPIRED));
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void invalidRefreshTokenIsRefusedAsInvalidWithoutCallingTheAuthService() {
            verifier.reject("rt-forged", TokenRejection.BAD_SIGNATURE);

            assertThat(refresh("rt-forged")).isEqualTo(new ApiResult.Unauthenticated(AuthProblem.INVALID_TOKEN));
            assertThat(refresh("not-a-token")).isEqualTo(new ApiResult.Unauthenticated(AuthProblem.INVALID_TOKEN));
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void accessTokenIsNoRefreshToken() {
            verifier.access("at-1", refreshClaims("a-1", inAWeek));

            assertThat(refresh("at-1")).isEqualTo(new ApiResult.Unauthenticated(AuthProblem.INVALID_TOKEN));
        }

        @Test
        void refreshTokenOfARevokedSessionIsRefusedWithoutCallingTheAuthService() {
            openWithCurrentToken("r-1");
            store.revoke(SESSION, USER);
            verifier.refresh("rt-1", refreshClaims("r-1", inAWeek));

            assertThat(refresh("rt-1")).isEqualTo(new ApiResult.Unauthenticated(AuthProblem.SESSION_REVOKED));
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void refreshTokenOfAnUnknownSessionIsRefusedWithoutCallingTheAuthService() {
            verifier.refresh("rt-1", refreshClaims("r-1", inAWeek));

            assertThat(refresh("rt-1")).isEqualTo(new ApiResult.Unauthenticated(AuthProblem.SESSION_REVOKED));
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void issuedTokenTheGatewayCannotVerifyIsAnInternalFailureAndRotatesNothing() {
            openWithCurrentToken("r-1");
            verifier.refresh("rt-1", refreshClaims("r-1", inAWeek));
            backend.answer("RefreshToken", ok(TOKENS, Map.of("refreshToken", "rt-signed-elsewhere")));

            assertThat(refresh("rt-1"))
                    .isEqualTo(new ApiResult.ServiceFailure(UpstreamOutcome.Failed.of(FailureKind.INTERNAL)));
            assertThat(store.entry(SESSION)).contains(new Entry(USER, "r-1", false, inAWeek));
        }

        @Test
        void unavailableStoreFailsClosedWithoutCallingTheAuthService() {
            openWithCurrentToken("r-1");
            verifier.refresh("rt-1", refreshClaims("r-1", inAWeek));
            store.down(true);

            assertThat(refresh("rt-1")).isEqualTo(new ApiResult.StoreUnavailable("sessions"));
            assertThat(backend.calls()).isEmpty();
        }

        /** Sessions whose refresh of rt-1 (current r-1) gets rt-2 (r-2) from the auth service, then finds the store down. */
        private Sessions failingAtRotation() {
            openWithCurrentToken("r-1");
            verifier.refresh("rt-1", refreshClaims("r-1", inAWeek));
            authServiceIssues("rt-2", "r-2");
            return new Sessions(new FakeBackendThatStopsTheStore(backend, store), verifier, store);
        }

        @Test
        void storeFailingDuringRotationFailsClosed() {
            Sessions failing = failingAtRotation();

            assertThat(failing.refresh(ApiRequests.to("auth.refresh").build(), "rt-1"))
                    .isEqualTo(new ApiResult.StoreUnavailable("sessions"));
        }

        /** {@link #failingAtRotation} after its first refresh of rt-1, answered 503. */
        private Sessions failedAtRotation() {
            Sessions failing = failingAtRotation();
            assertThat(failing.refresh(ApiRequests.to("auth.refresh").build(), "rt-1"))
                    .isEqualTo(new ApiResult.StoreUnavailable("sessions"));
            return failing;
        }

        @Test
        void aRefreshAnswered503AfterTheAuthServiceRotatedGetsItsTokensWhenRetriedNotATheftVerdict() {
            Sessions failing = failedAtRotation();
            ApiRequest request = ApiRequests.to("auth.refresh").build();

            // still down: still owed, and the auth service is not asked again (it rotated already)
            assertThat(failing.refresh(request, "rt-1")).isEqualTo(new ApiResult.StoreUnavailable("sessions"));
            store.down(false);
            assertSuccess(failing.refresh(request, "rt-1"), 200, TOKENS);

            assertThat(backend.calls()).hasSize(1);
            assertThat(store.entry(SESSION)).contains(new Entry(USER, "r-2", false, inTwoWeeks));
            // handed out once: the same token again goes to the auth service, which calls it reuse, as ever
            backend.answer("RefreshToken", new UpstreamOutcome.Failed(FailureKind.UNAUTHENTICATED,
                    Sessions.REASON_TOKEN_REUSED, ""));
            failing.refresh(request, "rt-1");
            assertThat(backend.calls()).hasSize(2);
        }

        @Test
        void aRotationTheStoreRanThoughItsAnswerWasLostIsHandedOutOnRetry() {
            Sessions failing = failedAtRotation();
            ApiRequest request = ApiRequests.to("auth.refresh").build();
            store.down(false);
            store.rotate(SESSION, USER, "r-1", "r-2", inTwoWeeks); // Redis ran it once it resumed

            assertSuccess(failing.refresh(request, "rt-1"), 200, TOKENS);
            assertThat(store.state(SESSION, USER)).isEqualTo(SessionState.ACTIVE);
        }

        @Test
        void anOwedRefreshWhoseSessionEndedMeanwhileIsRefused() {
            Sessions failing = failedAtRotation();
            ApiRequest request = ApiRequests.to("auth.refresh").build();
            store.down(false);
            store.revoke(SESSION, USER); // a logout meanwhile

            assertThat(failing.refresh(request, "rt-1"))
                    .isEqualTo(new ApiResult.Unauthenticated(AuthProblem.SESSION_REVOKED));
        }

        @Test
        void storeFailingWhileRevokingAReusedTokenFailsClosed() {
            openWithCurrentToken("r-1");
            verifier.refresh("rt-1", refreshClaims("r-1", inAWeek));
            backend.answer("RefreshToken", new UpstreamOutcome.Failed(FailureKind.UNAUTHENTICATED,
                    Sessions.REASON_TOKEN_REUSED, ""));
            Sessions failing = new Sessions(new FakeBackendThatStopsTheStore(backend, store), verifier, store);

            assertThat(failing.refresh(ApiRequests.to("auth.refresh").build(), "rt-1"))
                    .isEqualTo(new ApiResult.StoreUnavailable("sessions"));
        }
    }

    @Nested
    class Logout {

        private final Identity caller = new Identity(USER, SESSION, "at-1");

        private ApiResult logout() {
            return sessions.logout(ApiRequests.to("auth.logout").bearer("at-1").requestId("req-out").build(), caller);
        }

        @Test
        void revokesTheSessionTellsTheAuthServiceAndAnswers204() {
            store.open(new Session(SESSION, USER, "r-1", inAWeek));

            assertSuccess(logout(), 204, "");

            assertThat(store.state(SESSION, USER)).isEqualTo(SessionState.REVOKED);
            UpstreamCall call = backend.onlyCall();
            assertThat(call.operation()).isEqualTo(new UpstreamOperation(Upstream.AUTH, "RevokeSession"));
            assertThat(call.fields()).isEqualTo(Map.of("sessionId", "s-1"));
            assertThat(call.jsonBody()).isEmpty();
            assertThat(call.responseFields()).isEmpty();
            assertThat(call.context().identity()).contains(caller);
            assertThat(call.context().idempotencyKey()).isEmpty();
            assertThat(call.context().requestId()).isEqualTo(new RequestId("req-out"));
            assertThat(call.context().deadline()).isEqualTo(ApiRequests.DEFAULT_DEADLINE);
        }

        @Test
        void stillAnswers204WhenTheAuthServiceIsDown() {
            store.open(new Session(SESSION, USER, "r-1", inAWeek));
            backend.answer("RevokeSession", UpstreamOutcome.Failed.of(FailureKind.UNAVAILABLE));

            assertSuccess(logout(), 204, "");

            assertThat(store.state(SESSION, USER)).isEqualTo(SessionState.REVOKED);
        }

        @Test
        void warnsWithTheSessionButNoTokenWhenTheAuthServiceWasNotTold() {
            store.open(new Session(SESSION, USER, "r-1", inAWeek));
            backend.answer("RevokeSession", UpstreamOutcome.Failed.of(FailureKind.UNAVAILABLE));

            List<LogRecord> records = logged(this::logout);

            assertThat(records).singleElement().satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                assertThat(formatted(record)).contains("s-1").contains("UNAVAILABLE").doesNotContain("at-1");
            });
        }

        @Test
        void logsNothingWhenTheAuthServiceWasTold() {
            store.open(new Session(SESSION, USER, "r-1", inAWeek));

            assertThat(logged(this::logout)).isEmpty();
        }

        @Test
        void unavailableStoreFailsWithoutTellingTheAuthService() {
            store.open(new Session(SESSION, USER, "r-1", inAWeek));
            store.down(true);

            assertThat(logout()).isEqualTo(new ApiResult.StoreUnavailable("sessions"));
            assertThat(backend.calls()).isEmpty();
        }
    }

    /** What {@link Sessions} logs (through System.Logger, by default java.util.logging) while {@code action} runs. */
    private static List<LogRecord> logged(Runnable action) {
        Logger logger = Logger.getLogger(Sessions.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
        }
        return records;
    }

    private static String formatted(LogRecord record) {
        return new SimpleFormatter().formatMessage(record);
    }

    /** Passes calls on, then takes the session store down: the store fails after the upstream answered. */
    private record FakeBackendThatStopsTheStore(FakeBackend backend, FakeSessionStore store)
            implements Backend {
        @Override
        public UpstreamOutcome call(UpstreamCall call) {
            UpstreamOutcome outcome = backend.call(call);
            store.down(true);
            return outcome;
        }

        @Override
        public UpstreamOutcome stream(UpstreamCall call, Consumer<byte[]> onMessage) {
            throw new UnsupportedOperationException();
        }
    }
}
