package com.ticketing.gateway.domain.service;

import static com.ticketing.gateway.domain.testing.FakeBackend.bytes;
import static com.ticketing.gateway.domain.testing.FakeBackend.ok;
import static com.ticketing.gateway.domain.testing.FakeBackend.replayed;
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
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.port.UpstreamCall;
import com.ticketing.gateway.domain.route.HttpMethod;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteDefinition;
import com.ticketing.gateway.domain.route.RouteKind;
import com.ticketing.gateway.domain.route.Upstream;
import com.ticketing.gateway.domain.route.UpstreamOperation;
import com.ticketing.gateway.domain.testing.ApiRequests;
import com.ticketing.gateway.domain.testing.FakeBackend;
import com.ticketing.gateway.domain.testing.FakeResponseCache;
import com.ticketing.gateway.domain.testing.FakeSessionStore;
import com.ticketing.gateway.domain.testing.FakeTokenVerifier;
import com.ticketing.gateway.domain.testing.MutableClock;
import com.ticketing.gateway.domain.testing.TestLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ApiGatewayTest {

    private static final UserId USER = new UserId("u-1");
    private static final SessionId SESSION = new SessionId("s-1");
    private static final Identity CALLER = new Identity(USER, SESSION, "at-1");

    private final MutableClock clock = MutableClock.standing();
    private final FakeSessionStore store = new FakeSessionStore(clock);
    private final FakeTokenVerifier verifier = new FakeTokenVerifier();
    private final FakeBackend backend = new FakeBackend();
    private final FakeResponseCache cache = new FakeResponseCache(clock);
    private final com.ticketing.gateway.domain.port.RateLimiter allowAll =
            keys -> new com.ticketing.gateway.domain.policy.RateLimitDecision.Allowed(
                    new com.ticketing.gateway.domain.policy.RateLimitDecision.LimitState(keys.get(0), 1, Duration.ZERO));
    private final com.ticketing.gateway.domain.testing.FakeStreamTickets tickets =
            new com.ticketing.gateway.domain.testing.FakeStreamTickets();
    private final java.util.concurrent.atomic.AtomicInteger ticketSerial = new java.util.concurrent.atomic.AtomicInteger();
    private final SeparateTurnstile turnstile = new SeparateTurnstile(store, allowAll);
    private final ApiGateway gateway = new ApiGateway(backend, new Authentication(verifier, turnstile),
            new RateLimiting(TestLimits.policy(), allowAll, decision -> { }),
            new Sessions(backend, verifier, store), cache, new StreamTicketing(tickets, turnstile, clock,
                    () -> "ticket-" + ticketSerial.incrementAndGet() + "-0123456789abcdefghij", Duration.ofSeconds(60)));

    @BeforeEach
    void callerWithAnActiveSession() {
        store.open(new Session(SESSION, USER, "r-1", clock.instant().plus(Duration.ofDays(7))));
        verifier.access("at-1", new TokenClaims(USER, SESSION, "a-1", clock.instant().plus(Duration.ofMinutes(15))));
    }

    private static ApiResult.Success success(ApiResult result) {
        assertThat(result).isInstanceOf(ApiResult.Success.class);
        return (ApiResult.Success) result;
    }

    private static void assertPlainSuccess(ApiResult result, int status, String json) {
        ApiResult.Success success = success(result);
        assertThat(success.status()).isEqualTo(status);
        assertThat(success.json()).isEqualTo(bytes(json));
        assertThat(success.location()).isEmpty();
        assertThat(success.etag()).isEmpty();
        assertThat(success.maxAge()).isZero();
    }

    @Nested
    class Transcoding {

        @Test
        void publicRouteIsServedWithoutTokenFromItsPathFields() {
            backend.answer("GetAvailableTickets", ok("{\"availableTickets\":3}"));

            ApiResult result = gateway.handle(ApiRequests.to("events.availability").path("id", "evt-1")
                    .requestId("req-9").build());

            assertPlainSuccess(result, 200, "{\"availableTickets\":3}");
            UpstreamCall call = backend.onlyCall();
            assertThat(call.operation()).isEqualTo(new UpstreamOperation(Upstream.TICKET, "GetAvailableTickets"));
            assertThat(call.fields()).isEqualTo(Map.of("eventId", "evt-1"));
            assertThat(call.jsonBody()).isEmpty();
            assertThat(call.responseFields()).isEmpty();
            assertThat(call.context().requestId()).isEqualTo(new RequestId("req-9"));
            assertThat(call.context().identity()).isEmpty();
            assertThat(call.context().idempotencyKey()).isEmpty();
            assertThat(call.context().deadline()).isEqualTo(ApiRequests.DEFAULT_DEADLINE);
        }

        @Test
        void onlyTheBoundQueryParametersThatArePresentBecomeFields() {
            gateway.handle(ApiRequests.to("events.list").query("q", "jazz").query("page", "2").query("sort", "x")
                    .build());

            assertThat(backend.onlyCall().fields()).isEqualTo(Map.of("q", "jazz", "page", "2"));
        }

        @org.junit.jupiter.params.ParameterizedTest(name = "{0}={1} -> {2}")
        @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
                "page     | 0   | must be at least 1",
                "page     | -3  | must be at least 1",
                "pageSize | 0   | must be between 1 and 100",
                "pageSize | 101 | must be between 1 and 100",
                "pageSize | -1  | must be between 1 and 100",
        })
        void aPageQueryOutOfRangeIsInvalidInputNamingTheParameterAndCallsNothing(String parameter, String value,
                                                                                  String message) {
            assertThat(gateway.handle(ApiRequests.to("events.list").query(parameter, value).build()))
                    .isEqualTo(new ApiResult.InvalidInput(false, parameter, message));
            assertThat(backend.calls()).isEmpty();
        }

        @org.junit.jupiter.params.ParameterizedTest(name = "{0}={1}")
        @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
                "page | 1", "page | 2147483647", "pageSize | 1", "pageSize | 100", "pageSize | many"})
        void pageQueriesInRangeOrNotNumbersAtAllAreLeftToTheTranscoder(String parameter, String value) {
            gateway.handle(ApiRequests.to("events.list").query(parameter, value).build());

            assertThat(backend.onlyCall().fields()).isEqualTo(Map.of(parameter, value));
        }

        @Test
        void protectedRouteCarriesTheCallerAndItsBody() {
            gateway.handle(ApiRequests.to("user.profile.update").bearer("at-1").body("{\"firstName\":\"A\"}").build());

            UpstreamCall call = backend.onlyCall();
            assertThat(call.context().identity()).contains(CALLER);
            assertThat(call.jsonBody()).isEqualTo(bytes("{\"firstName\":\"A\"}"));
            assertThat(call.fields()).isEmpty();
        }

        @Test
        void theResponseNamesTheAuthenticatedUserAndNoUserForPublicOrRefusedRequests() {
            assertThat(gateway.serve(ApiRequests.to("user.profile.update").bearer("at-1").body("{}").build()).user())
                    .contains(USER);
            assertThat(gateway.serve(ApiRequests.to("events.availability").path("id", "evt-1").bearer("at-1").build())
                    .user()).isEmpty();
            assertThat(gateway.serve(ApiRequests.to("user.profile.update").bearer("nope").body("{}").build()).user())
                    .isEmpty();
            assertThat(gateway.serveStream(ApiRequests.to("bookings.stream").path("id", "b-1").bearer("at-1").build(),
                    message -> { }).user()).contains(USER);
        }

        @Test
        void serviceFailureIsPassedOnAsIs() {
            UpstreamOutcome.Failed soldOut = new UpstreamOutcome.Failed(FailureKind.FAILED_PRECONDITION, "SOLD_OUT",
                    "sold out");
            backend.answer("CreateBooking", soldOut);

            assertThat(gateway.handle(ApiRequests.to("bookings.create").bearer("at-1").body("{}").build()))
                    .isEqualTo(new ApiResult.ServiceFailure(soldOut));
        }

        @Test
        void unmappableRequestIsInvalidInput() {
            backend.answer("CreateBooking", new UpstreamOutcome.Unmappable(false, "quantity", "must be a number"));

            assertThat(gateway.handle(ApiRequests.to("bookings.create").bearer("at-1").body("{}").build()))
                    .isEqualTo(new ApiResult.InvalidInput(false, "quantity", "must be a number"));
        }
    }

    @Nested
    class Authenticating {

        @Test
        void protectedRouteWithoutTokenIsRefusedWithoutCallingUpstream() {
            assertThat(gateway.handle(ApiRequests.to("bookings.list").build()))
                    .isEqualTo(new ApiResult.Unauthenticated(AuthProblem.MISSING_TOKEN));
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void expiredTokenIsRefusedAsExpired() {
            verifier.reject("at-old", TokenRejection.EXPIRED);

            assertThat(gateway.handle(ApiRequests.to("bookings.list").bearer("at-old").build()))
                    .isEqualTo(new ApiResult.Unauthenticated(AuthProblem.TOKEN_EXPIRED));
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void invalidTokenIsRefusedAsInvalid() {
            assertThat(gateway.handle(ApiRequests.to("bookings.list").bearer("garbage").build()))
                    .isEqualTo(new ApiResult.Unauthenticated(AuthProblem.INVALID_TOKEN));
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void tokenOfARevokedSessionIsRefused() {
            store.revoke(SESSION, USER);

            assertThat(gateway.handle(ApiRequests.to("bookings.list").bearer("at-1").build()))
                    .isEqualTo(new ApiResult.Unauthenticated(AuthProblem.SESSION_REVOKED));
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void unavailableSessionStoreFailsClosed() {
            store.down(true);

            ApiResult refused = gateway.handle(ApiRequests.to("bookings.list").bearer("at-1").build());
            assertThat(refused).isEqualTo(new ApiResult.StoreUnavailable("sessions"));
            assertThat(((ApiResult.StoreUnavailable) refused).cause()).as("the cause, for the edge's log line")
                    .isNotBlank();
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void publicRouteIgnoresABadToken() {
            gateway.handle(ApiRequests.to("events.get").path("id", "e-1").bearer("garbage").build());

            assertThat(backend.onlyCall().context().identity()).isEmpty();
        }
    }

    /**
     * A session store that answers later (Redis): the protected call is handed to the backend with
     * its admission still open, and goes out only once admitted.
     */
    @Nested
    class AdmittedLater {

        private final List<Boolean> admissionOpenWhenHanded = new ArrayList<>();
        private final com.ticketing.gateway.domain.port.Backend handing = new com.ticketing.gateway.domain.port.Backend() {
            @Override
            public UpstreamOutcome call(UpstreamCall call) {
                return backend.call(call);
            }

            @Override
            public UpstreamOutcome stream(UpstreamCall call, java.util.function.Consumer<byte[]> onMessage) {
                return backend.stream(call, onMessage);
            }

            @Override
            public Optional<UpstreamOutcome> callIfAdmitted(UpstreamCall call,
                                                            java.util.concurrent.CompletionStage<Boolean> admission) {
                admissionOpenWhenHanded.add(!admission.toCompletableFuture().isDone());
                return com.ticketing.gateway.domain.port.Backend.super.callIfAdmitted(call, admission);
            }
        };

        private ApiGateway gatewayAnsweringLater(com.ticketing.gateway.domain.port.RateLimiter limiter) {
            return gatewayWith(startingLater(new SeparateTurnstile(store, limiter), passage -> passage));
        }

        /** {@code now}'s passages, which start() answers 20 ms later on another thread, as {@code answer} makes them. */
        private static com.ticketing.gateway.domain.port.Turnstile startingLater(SeparateTurnstile now,
                java.util.function.UnaryOperator<java.util.function.Supplier<com.ticketing.gateway.domain.port.Passage>> answer) {
            return new com.ticketing.gateway.domain.port.Turnstile() {
                @Override
                public com.ticketing.gateway.domain.port.Passage pass(SessionId session, UserId owner,
                        List<com.ticketing.gateway.domain.policy.LimitKey> limits) {
                    return now.pass(session, owner, limits);
                }

                @Override
                public java.util.concurrent.CompletionStage<com.ticketing.gateway.domain.port.Passage> start(
                        SessionId session, UserId owner, List<com.ticketing.gateway.domain.policy.LimitKey> limits) {
                    return java.util.concurrent.CompletableFuture.supplyAsync(
                            answer.apply(() -> now.pass(session, owner, limits)),
                            java.util.concurrent.CompletableFuture.delayedExecutor(20,
                                    java.util.concurrent.TimeUnit.MILLISECONDS));
                }
            };
        }

        private ApiGateway gatewayWith(com.ticketing.gateway.domain.port.Turnstile turnstile) {
            return new ApiGateway(handing, new Authentication(verifier, turnstile),
                    new RateLimiting(TestLimits.policy(), allowAll, decision -> { }),
                    new Sessions(backend, verifier, store), cache, new StreamTicketing(tickets, turnstile, clock,
                            () -> "ticket-0123456789abcdefghij", Duration.ofSeconds(60)));
        }

        @Test
        void anAdmittedCallIsHandedOverBeforeItsAdmissionAndMadeOnce() {
            backend.answer("ListBookings", ok("{\"bookings\":[]}"));

            Served response = gatewayAnsweringLater(allowAll).serve(ApiRequests.to("bookings.list").bearer("at-1").build());

            assertPlainSuccess(response.result(), 200, "{\"bookings\":[]}");
            assertThat(response.rateLimit()).as("the limit's state, for RateLimit-*").isPresent();
            assertThat(admissionOpenWhenHanded).containsExactly(true);
            assertThat(backend.onlyCall().context().identity()).contains(CALLER);
        }

        @Test
        void aRevokedSessionIsRefusedAndNothingIsCalled() {
            store.revoke(SESSION, USER);

            Served response = gatewayAnsweringLater(allowAll).serve(ApiRequests.to("bookings.list").bearer("at-1").build());

            assertThat(response.result()).isEqualTo(new ApiResult.Unauthenticated(AuthProblem.SESSION_REVOKED));
            assertThat(admissionOpenWhenHanded).containsExactly(true);
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void aRequestOverItsLimitIsRefusedAndNothingIsCalled() {
            com.ticketing.gateway.domain.port.RateLimiter rejectAll = keys -> new RateLimitDecision.Rejected(
                    new RateLimitDecision.LimitState(keys.get(0), 0, Duration.ofSeconds(5)), Duration.ofSeconds(5));

            Served response = gatewayAnsweringLater(rejectAll).serve(ApiRequests.to("bookings.list").bearer("at-1").build());

            assertThat(response.result()).isInstanceOf(ApiResult.RateLimited.class);
            assertThat(admissionOpenWhenHanded).containsExactly(true);
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void aSessionStoreThatFailsRefusesWith503AndNothingIsCalled() {
            store.down(true);

            Served response = gatewayAnsweringLater(allowAll).serve(ApiRequests.to("bookings.list").bearer("at-1").build());

            assertThat(response.result()).isEqualTo(new ApiResult.StoreUnavailable("sessions"));
            assertThat(((ApiResult.StoreUnavailable) response.result()).cause()).isNotBlank();
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void invalidInputMakesNoCallAndIsAnswered400OnceAdmitted() {
            Served response = gatewayAnsweringLater(allowAll)
                    .serve(ApiRequests.to("payments.create").bearer("at-1").body("{}").build());

            assertThat(response.result()).isEqualTo(
                    new ApiResult.InvalidInput(false, "Idempotency-Key", "header is required"));
            assertThat(response.rateLimit()).as("charged, as an admitted request").isPresent();
            assertThat(admissionOpenWhenHanded).isEmpty();
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void invalidInputOfARevokedSessionIsRefusedAs401() {
            store.revoke(SESSION, USER);

            Served response = gatewayAnsweringLater(allowAll)
                    .serve(ApiRequests.to("payments.create").bearer("at-1").body("{}").build());

            assertThat(response.result()).isEqualTo(new ApiResult.Unauthenticated(AuthProblem.SESSION_REVOKED));
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void aStoreThatBreaksUnexpectedlyFailsTheRequestAsTheSynchronousPathWould() {
            com.ticketing.gateway.domain.port.Turnstile broken = startingLater(new SeparateTurnstile(store, allowAll),
                    passage -> () -> {
                        throw new IllegalStateException("a bug in the store adapter");
                    });
            ApiGateway gateway = gatewayWith(broken);

            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                            gateway.serve(ApiRequests.to("bookings.list").bearer("at-1").build()))
                    .isInstanceOf(IllegalStateException.class).hasMessage("a bug in the store adapter");
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void aBadTokenIsRefusedWithoutAskingTheStoreOrHandingTheCallOver() {
            Served response = gatewayAnsweringLater(allowAll).serve(ApiRequests.to("bookings.list").bearer("garbage").build());

            assertThat(response.result()).isEqualTo(new ApiResult.Unauthenticated(AuthProblem.INVALID_TOKEN));
            assertThat(admissionOpenWhenHanded).isEmpty();
            assertThat(backend.calls()).isEmpty();
        }
    }

    @Nested
    class IdempotentRoutes {

        @Test
        void paymentWithoutIdempotencyKeyIsInvalidInputNamingTheHeaderAndCallsNothing() {
            ApiResult result = gateway.handle(ApiRequests.to("payments.create").bearer("at-1").body("{}").build());

            assertThat(result).isEqualTo(new ApiResult.InvalidInput(false, "Idempotency-Key", "header is required"));
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void unauthenticatedPaymentIsRefusedBeforeTheKeyIsChecked() {
            assertThat(gateway.handle(ApiRequests.to("payments.create").body("{}").build()))
                    .isEqualTo(new ApiResult.Unauthenticated(AuthProblem.MISSING_TOKEN));
        }

        @Test
        void paymentIsForwardedWithItsKeyAndThePaymentDeadlineAndAnswers201() {
            backend.answer("ProcessPayment", ok("{\"paymentId\":\"p-1\"}"));

            ApiResult result = gateway.handle(ApiRequests.to("payments.create").bearer("at-1").idempotencyKey("k-1")
                    .body("{\"bookingId\":\"b-1\"}").build());

            assertPlainSuccess(result, 201, "{\"paymentId\":\"p-1\"}");
            UpstreamCall call = backend.onlyCall();
            assertThat(call.context().idempotencyKey()).contains("k-1");
            assertThat(call.context().deadline()).isEqualTo(ApiRequests.PAYMENT_DEADLINE);
            assertThat(call.context().identity()).contains(CALLER);
            assertThat(call.jsonBody()).isEqualTo(bytes("{\"bookingId\":\"b-1\"}"));
        }

        @Test
        void replayedPaymentAnswersTheReplayStatus() {
            backend.answer("ProcessPayment", replayed("{\"paymentId\":\"p-1\"}"));

            ApiResult result = gateway.handle(ApiRequests.to("payments.create").bearer("at-1").idempotencyKey("k-1")
                    .body("{}").build());

            assertPlainSuccess(result, 200, "{\"paymentId\":\"p-1\"}");
        }

        @Test
        void bookingWithoutTheOptionalKeyIsForwarded() {
            gateway.handle(ApiRequests.to("bookings.create").bearer("at-1").body("{}").build());

            assertThat(backend.onlyCall().context().idempotencyKey()).isEmpty();
        }

        @Test
        void createdBookingAnswers202WithALocationFilledFromTheResponseFields() {
            backend.answer("CreateBooking", ok("{\"bookingId\":\"b-42\"}", Map.of("bookingId", "b-42")));

            ApiResult result = gateway.handle(ApiRequests.to("bookings.create").bearer("at-1").idempotencyKey("k-2")
                    .body("{}").build());

            ApiResult.Success success = success(result);
            assertThat(success.status()).isEqualTo(202);
            assertThat(success.location()).contains("/api/v1/bookings/b-42");
            assertThat(success.etag()).isEmpty();
            assertThat(success.maxAge()).isZero();
            assertThat(backend.onlyCall().responseFields()).isEqualTo(Set.of("bookingId"));
            assertThat(backend.onlyCall().context().idempotencyKey()).contains("k-2");
        }

        @Test
        void replayedBookingKeepsItsLocation() {
            backend.answer("CreateBooking", new UpstreamOutcome.Ok(bytes("{}"), true, Map.of("bookingId", "b-42")));

            ApiResult.Success success = success(gateway.handle(ApiRequests.to("bookings.create").bearer("at-1")
                    .idempotencyKey("k-2").body("{}").build()));

            assertThat(success.status()).isEqualTo(202);
            assertThat(success.location()).contains("/api/v1/bookings/b-42");
        }
    }

    @Nested
    class Caching {

        private static final String EVENTS = "{\"events\":[],\"total\":0}";

        private ApiResult listEvents(String category) {
            return gateway.handle(ApiRequests.to("events.list").query("category", category).build());
        }

        @Test
        void cacheableRouteIsAnsweredFromTheCacheTheSecondTimeWithTheSameEntityTag() {
            backend.answer("GetEvents", ok(EVENTS), ok("{\"changed\":true}"));

            ApiResult.Success first = success(listEvents("music"));
            ApiResult.Success second = success(listEvents("music"));

            assertThat(backend.calls()).hasSize(1);
            for (ApiResult.Success answer : List.of(first, second)) {
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.json()).isEqualTo(bytes(EVENTS));
                assertThat(answer.etag()).contains(EntityTag.of(bytes(EVENTS)));
                assertThat(answer.maxAge()).isEqualTo(Duration.ofSeconds(10));
                assertThat(answer.location()).isEmpty();
            }
        }

        @Test
        void expiredEntryIsServedStaleWhileTheServiceIsUnavailable() {
            backend.answer("GetEvents", ok(EVENTS),
                    com.ticketing.gateway.domain.model.UpstreamOutcome.Failed.of(
                            com.ticketing.gateway.domain.model.FailureKind.UNAVAILABLE));
            listEvents("music");
            clock.advance(Duration.ofSeconds(11));

            ApiResult.Success stale = success(listEvents("music"));

            assertThat(stale.stale()).isTrue();
            assertThat(stale.json()).isEqualTo(bytes(EVENTS));
            assertThat(stale.maxAge()).isZero();
            assertThat(backend.calls()).hasSize(2);
        }

        @Test
        void expiredEntryIsServedStaleWhileTheCircuitIsOpen() {
            backend.answer("GetEvents", ok(EVENTS), new UpstreamOutcome.CircuitOpen(Duration.ofSeconds(20)));
            listEvents("music");
            clock.advance(Duration.ofSeconds(11));

            ApiResult.Success stale = success(listEvents("music"));

            assertThat(stale.stale()).isTrue();
            assertThat(stale.json()).isEqualTo(bytes(EVENTS));
        }

        @Test
        void withoutAnyCopyAnOpenCircuitIsAnsweredAsCircuitOpenWithItsTimeLeft() {
            backend.answer("GetEvents", new UpstreamOutcome.CircuitOpen(Duration.ofSeconds(20)));

            assertThat(listEvents("music")).isEqualTo(new ApiResult.CircuitOpen(Duration.ofSeconds(20)));
        }

        @Test
        void businessFailuresAreNeverAnsweredStale() {
            backend.answer("GetEvents", ok(EVENTS),
                    com.ticketing.gateway.domain.model.UpstreamOutcome.Failed.of(
                            com.ticketing.gateway.domain.model.FailureKind.INVALID_ARGUMENT));
            listEvents("music");
            clock.advance(Duration.ofSeconds(11));

            assertThat(listEvents("music")).isInstanceOf(ApiResult.ServiceFailure.class);
        }

        @Test
        void withoutAnyCopyAnUnavailableServiceStaysAFailure() {
            backend.answer("GetEvents", com.ticketing.gateway.domain.model.UpstreamOutcome.Failed.of(
                    com.ticketing.gateway.domain.model.FailureKind.UNAVAILABLE));

            assertThat(listEvents("rock")).isInstanceOf(ApiResult.ServiceFailure.class);
        }

        @Test
        void otherParametersAreNotAnsweredFromTheCache() {
            backend.answer("GetEvents", ok("{\"music\":1}"), ok("{\"sports\":2}"));

            listEvents("music");
            ApiResult.Success sports = success(listEvents("sports"));

            assertThat(backend.calls()).hasSize(2);
            assertThat(sports.json()).isEqualTo(bytes("{\"sports\":2}"));
            assertThat(sports.etag()).contains(EntityTag.of(bytes("{\"sports\":2}")));
        }

        @Test
        void otherPathVariablesAreNotAnsweredFromTheCache() {
            gateway.handle(ApiRequests.to("events.get").path("id", "e-1").build());
            gateway.handle(ApiRequests.to("events.get").path("id", "e-2").build());
            gateway.handle(ApiRequests.to("events.get").path("id", "e-1").build());

            assertThat(backend.calls()).extracting(c -> c.fields().get("eventId")).containsExactly("e-1", "e-2");
        }

        @Test
        void cachedAnswerLivesForTheRouteTtl() {
            backend.answer("GetEvents", ok("{\"v\":1}"), ok("{\"v\":2}"));
            listEvents("music");

            clock.advance(Duration.ofSeconds(10).minusMillis(1));
            assertThat(success(listEvents("music")).json()).isEqualTo(bytes("{\"v\":1}"));

            clock.advance(Duration.ofMillis(1));
            assertThat(success(listEvents("music")).json()).isEqualTo(bytes("{\"v\":2}"));
            assertThat(backend.calls()).hasSize(2);
        }

        @Test
        void failuresAreNotCached() {
            UpstreamOutcome.Failed down = UpstreamOutcome.Failed.of(FailureKind.UNAVAILABLE);
            backend.answer("GetEvents", down, ok(EVENTS));

            assertThat(listEvents("music")).isEqualTo(new ApiResult.ServiceFailure(down));
            assertThat(success(listEvents("music")).json()).isEqualTo(bytes(EVENTS));

            assertThat(backend.calls()).hasSize(2);
            assertThat(cache.puts()).isEqualTo(1);
        }

        @Test
        void routesThatAreNotCacheableNeverTouchTheCache() {
            gateway.handle(ApiRequests.to("events.availability").path("id", "e-1").build());
            gateway.handle(ApiRequests.to("events.availability").path("id", "e-1").build());

            assertThat(backend.calls()).hasSize(2);
            assertThat(cache.puts()).isZero();
        }

        @Test
        void cacheKeyIsTheRouteAndItsBoundFieldsSortedByName() {
            assertThat(ApiGateway.cacheKey(ApiRequests.to("events.list").query("q", "x").query("category", "c")
                    .query("pageSize", "20").query("page", "2").query("ignored", "y").build()))
                    .isEqualTo("events.list|category=c|page=2|pageSize=20|q=x");
            assertThat(ApiGateway.cacheKey(ApiRequests.to("events.get").path("id", "e-1").build()))
                    .isEqualTo("events.get|eventId=e-1");
            assertThat(ApiGateway.cacheKey(ApiRequests.to("events.list").build())).isEqualTo("events.list");
        }

        @Test
        void aParameterValueCannotPoseAsOtherParameters() {
            String both = ApiGateway.cacheKey(ApiRequests.to("events.list").query("q", "x").query("page", "2").build());
            // Whichever order the fields are joined in, one of these would collide with a plain join.
            String qPosing = ApiGateway.cacheKey(ApiRequests.to("events.list").query("q", "x|page=2").build());
            String pagePosing = ApiGateway.cacheKey(ApiRequests.to("events.list").query("page", "2|q=x").build());

            assertThat(both).isNotEqualTo(qPosing).isNotEqualTo(pagePosing);
        }

        @Test
        void aParameterValuePosingAsAnotherIsNotAnsweredFromTheOthersCache() {
            backend.answer("GetEvents", ok("{\"first\":1}"), ok("{\"second\":2}"), ok("{\"third\":3}"));

            gateway.handle(ApiRequests.to("events.list").query("q", "x").query("page", "2").build());
            ApiResult.Success qPosing = success(gateway.handle(ApiRequests.to("events.list").query("q", "x|page=2")
                    .build()));
            ApiResult.Success pagePosing = success(gateway.handle(ApiRequests.to("events.list").query("page", "2|q=x")
                    .build()));

            assertThat(qPosing.json()).isEqualTo(bytes("{\"second\":2}"));
            assertThat(pagePosing.json()).isEqualTo(bytes("{\"third\":3}"));
        }
    }

    @Nested
    class SessionRoutes {

        @Test
        void loginOpensTheSessionOfTheIssuedTokens() {
            SessionId fresh = new SessionId("s-new");
            verifier.refresh("rt-new", new TokenClaims(USER, fresh, "r-new", clock.instant().plus(Duration.ofDays(7))));
            backend.answer("Login", ok("{\"accessToken\":\"a\"}", Map.of("refreshToken", "rt-new")));

            assertPlainSuccess(gateway.handle(ApiRequests.to("auth.login").body("{}").build()), 200,
                    "{\"accessToken\":\"a\"}");

            assertThat(store.state(fresh, USER)).isEqualTo(SessionState.ACTIVE);
        }

        @Test
        void logoutRevokesTheCallersSession() {
            assertPlainSuccess(gateway.handle(ApiRequests.to("auth.logout").bearer("at-1").build()), 204, "");

            assertThat(store.state(SESSION, USER)).isEqualTo(SessionState.REVOKED);
            assertThat(backend.onlyCall().fields()).isEqualTo(Map.of("sessionId", "s-1"));
        }

        @Test
        void logoutWithoutTokenIsRefusedAndRevokesNothing() {
            assertThat(gateway.handle(ApiRequests.to("auth.logout").build()))
                    .isEqualTo(new ApiResult.Unauthenticated(AuthProblem.MISSING_TOKEN));

            assertThat(store.state(SESSION, USER)).isEqualTo(SessionState.ACTIVE);
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void refreshRotatesTheSession() {
            verifier.refresh("rt-1", new TokenClaims(USER, SESSION, "r-1", clock.instant().plus(Duration.ofDays(7))));
            verifier.refresh("rt-2", new TokenClaims(USER, SESSION, "r-2", clock.instant().plus(Duration.ofDays(8))));
            backend.answer("RefreshToken", ok("{}", Map.of("refreshToken", "rt-2")));

            assertPlainSuccess(gateway.refresh(ApiRequests.to("auth.refresh").build(), "rt-1"), 200, "{}");

            assertThat(store.entry(SESSION)).get().extracting(FakeSessionStore.Entry::refreshTokenId).isEqualTo("r-2");
        }

        @Test
        void anUnreadableRefreshBodyIsAnswered400WithinItsLimitAndCallsNothing() {
            ApiResult.InvalidInput unreadable = new ApiResult.InvalidInput(true, "", "request body is not valid JSON");

            Served response = gateway.serveRefresh(ApiRequests.to("auth.refresh").build(),
                    new RefreshTokenInput.Unreadable(unreadable));

            assertThat(response.result()).isEqualTo(unreadable);
            assertThat(response.rateLimit()).as("charged, as an admitted request").isPresent();
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void anUnreadableRefreshBodyOverTheLimitIsRateLimited() {
            com.ticketing.gateway.domain.port.RateLimiter rejectAll = keys -> new RateLimitDecision.Rejected(
                    new RateLimitDecision.LimitState(keys.get(0), 0, Duration.ofSeconds(5)), Duration.ofSeconds(5));
            ApiGateway limited = new ApiGateway(backend, new Authentication(verifier, turnstile),
                    new RateLimiting(TestLimits.policy(), rejectAll, decision -> { }),
                    new Sessions(backend, verifier, store), cache, new StreamTicketing(tickets, turnstile, clock,
                            () -> "ticket-0123456789abcdefghij", Duration.ofSeconds(60)));

            Served response = limited.serveRefresh(ApiRequests.to("auth.refresh").build(),
                    new RefreshTokenInput.Unreadable(new ApiResult.InvalidInput(false, "refreshToken", "missing")));

            assertThat(response.result()).isInstanceOf(ApiResult.RateLimited.class);
            assertThat(backend.calls()).isEmpty();
        }
    }

    @Nested
    class Streaming {

        private final List<String> received = new ArrayList<>();

        private ApiResult watch(Optional<String> token) {
            ApiRequests request = ApiRequests.to("bookings.stream").path("id", "b-1");
            token.ifPresent(request::bearer);
            return gateway.stream(request.build(), message -> received.add(new String(message)));
        }

        @Test
        void handsEveryMessageOnInOrderAndSucceedsWhenTheStreamEnds() {
            backend.streams("WatchBookingStatus", List.of("{\"status\":\"QUEUED\"}", "{\"status\":\"RESERVED\"}"));

            assertPlainSuccess(watch(Optional.of("at-1")), 200, "");

            assertThat(received).containsExactly("{\"status\":\"QUEUED\"}", "{\"status\":\"RESERVED\"}");
            UpstreamCall call = backend.onlyCall();
            assertThat(call.operation()).isEqualTo(new UpstreamOperation(Upstream.BOOKING_WORKER, "WatchBookingStatus"));
            assertThat(call.fields()).isEqualTo(Map.of("bookingId", "b-1"));
            assertThat(call.jsonBody()).isEmpty();
            assertThat(call.responseFields()).isEmpty();
            assertThat(call.context().identity()).contains(CALLER);
            assertThat(call.context().deadline()).isEqualTo(ApiRequests.STREAM_DEADLINE);
        }

        @Test
        void tellsTheLimitsStateOnceAdmittedBeforeTheFirstMessage() {
            backend.streams("WatchBookingStatus", List.of("{\"status\":\"QUEUED\"}"));
            List<StreamAdmission> admitted = new ArrayList<>();

            Served response = gateway.serveStream(
                    ApiRequests.to("bookings.stream").path("id", "b-1").bearer("at-1").build(),
                    admission -> {
                        admitted.add(admission);
                        received.add("admitted");
                    },
                    message -> received.add(new String(message)));

            assertThat(received).containsExactly("admitted", "{\"status\":\"QUEUED\"}");
            assertThat(response.rateLimit()).isPresent();
            assertThat(admitted).singleElement().extracting(StreamAdmission::limit).isEqualTo(response.rateLimit());
        }

        @Test
        void aGateThatRefusesTheAdmittedStreamAnswersItsRefusalAndCallsNothingUpstream() {
            backend.streams("WatchBookingStatus", List.of("{\"status\":\"QUEUED\"}"));
            ApiResult crowded = new ApiResult.RateLimited("open streams per user", Duration.ofSeconds(30));
            List<StreamAdmission> admitted = new ArrayList<>();

            Served response = gateway.serveGatedStream(
                    ApiRequests.to("bookings.stream").path("id", "b-1").bearer("at-1").build(),
                    admission -> {
                        admitted.add(admission);
                        return Optional.of(crowded);
                    },
                    message -> received.add(new String(message)));

            assertThat(response.result()).isEqualTo(crowded);
            assertThat(response.user()).contains(USER);
            assertThat(response.rateLimit()).isPresent();
            assertThat(admitted).singleElement().extracting(StreamAdmission::user).isEqualTo(Optional.of(USER));
            assertThat(received).isEmpty();
            assertThat(backend.calls()).isEmpty();
        }

        @Test
        void theAdmissionAsksTheStoreWhetherTheStreamsSessionHasEndedSince() {
            List<StreamAdmission> admitted = new ArrayList<>();
            gateway.serveStream(ApiRequests.to("bookings.stream").path("id", "b-1").bearer("at-1").build(),
                    admitted::add, message -> { });
            StreamAdmission admission = admitted.getFirst();

            assertThat(admission.sessionEnded().get()).isEmpty();
            store.revoke(SESSION, USER);
            assertThat(admission.sessionEnded().get()).contains(new ApiResult.Unauthenticated(AuthProblem.SESSION_REVOKED));
            store.down(true);
            assertThat(admission.sessionEnded().get()).get().isInstanceOf(ApiResult.StoreUnavailable.class);
        }

        @Test
        void anInterruptedWatchPassesTheMessageOnWithoutAskingTheStore() {
            ApiResult result;
            try {
                result = watchTwoStates(() -> {
                    store.down(true); // a read now would fail
                    Thread.currentThread().interrupt(); // a shutdown: the sink refuses the next message itself
                });
            } finally {
                Thread.interrupted();
            }

            assertThat(received).containsExactly("{\"status\":\"QUEUED\"}", "{\"status\":\"RESERVED\"}");
            assertThat(result).isNotInstanceOf(ApiResult.StoreUnavailable.class);
        }

        @Test
        void aRefusedStreamIsNeverAdmitted() {
            List<StreamAdmission> admitted = new ArrayList<>();

            gateway.serveStream(ApiRequests.to("bookings.stream").path("id", "b-1").build(), admitted::add,
                    message -> received.add(new String(message)));

            assertThat(admitted).isEmpty();
            assertThat(backend.calls()).isEmpty();
        }

        /** Watches a stream of two states; {@code afterEach} runs once each message is passed on. */
        private ApiResult watchTwoStates(Runnable afterEach) {
            backend.streams("WatchBookingStatus", List.of("{\"status\":\"QUEUED\"}", "{\"status\":\"RESERVED\"}"));
            return gateway.stream(ApiRequests.to("bookings.stream").path("id", "b-1").bearer("at-1").build(),
                    message -> {
                        received.add(new String(message));
                        afterEach.run();
                    });
        }

        @Test
        void aSessionEndedDuringTheStreamStopsItBeforeTheNextMessage() {
            ApiResult result = watchTwoStates(() -> store.revoke(SESSION, USER)); // a logout, here or on another instance

            assertThat(received).containsExactly("{\"status\":\"QUEUED\"}");
            assertThat(result).isEqualTo(new ApiResult.Unauthenticated(AuthProblem.SESSION_REVOKED));
        }

        @Test
        void aSessionStoreThatStopsAnsweringStopsTheStreamAsUnavailable() {
            ApiResult result = watchTwoStates(() -> store.down(true));

            assertThat(received).containsExactly("{\"status\":\"QUEUED\"}");
            assertThat(result).isEqualTo(new ApiResult.StoreUnavailable("sessions"));
        }

        @Test
        void brokenStreamIsTheServiceFailure() {
            UpstreamOutcome.Failed notFound = UpstreamOutcome.Failed.of(FailureKind.NOT_FOUND);
            backend.answer("WatchBookingStatus", notFound);

            assertThat(watch(Optional.of("at-1"))).isEqualTo(new ApiResult.ServiceFailure(notFound));
        }

        @Test
        void anOpenCircuitRefusesTheStreamAsCircuitOpen() {
            backend.answer("WatchBookingStatus", new UpstreamOutcome.CircuitOpen(Duration.ofSeconds(3)));

            assertThat(watch(Optional.of("at-1"))).isEqualTo(new ApiResult.CircuitOpen(Duration.ofSeconds(3)));
        }

        @Test
        void unmappableStreamRequestIsInvalidInput() {
            backend.answer("WatchBookingStatus", new UpstreamOutcome.Unmappable(false, "bookingId", "bad id"));

            assertThat(watch(Optional.of("at-1"))).isEqualTo(new ApiResult.InvalidInput(false, "bookingId", "bad id"));
        }

        @Test
        void protectedStreamWithoutTokenIsRefusedWithoutCallingUpstream() {
            assertThat(watch(Optional.empty())).isEqualTo(new ApiResult.Unauthenticated(AuthProblem.MISSING_TOKEN));

            assertThat(backend.calls()).isEmpty();
            assertThat(received).isEmpty();
        }

        @Test
        void publicStreamNeedsNoToken() {
            Route route = RouteDefinition.route("public.stream", HttpMethod.GET, "/s/{id}")
                    .to(Upstream.BOOKING_WORKER, "WatchBookingStatus").kind(RouteKind.STREAM)
                    .pathField("id", "bookingId").compile();

            assertPlainSuccess(gateway.stream(ApiRequests.to(route).path("id", "b-1").build(), m -> { }), 200, "");

            assertThat(backend.onlyCall().context().identity()).isEmpty();
        }
    }

    @Nested
    class StreamTickets {

        private static final String TICKET_1 = "ticket-1-0123456789abcdefghij";
        private final List<String> received = new ArrayList<>();

        private ApiResult issue(String bookingId) {
            return gateway.handle(ApiRequests.to("bookings.streamTicket").path("id", bookingId).bearer("at-1").build());
        }

        private ApiResult watchWithTicket(String bookingId, String ticket) {
            return gateway.stream(ApiRequests.to("bookings.stream").path("id", bookingId).query("ticket", ticket)
                    .build(), message -> received.add(new String(message)));
        }

        @Test
        void anOwnedBookingGetsA201TicketForSixtySecondsAfterTheOwnershipCheck() {
            ApiResult.Success issued = success(issue("b-1"));

            assertThat(issued.status()).isEqualTo(201);
            assertThat(new String(issued.json())).isEqualTo("{\"ticket\":\"" + TICKET_1 + "\",\"expiresIn\":60}");
            UpstreamCall check = backend.onlyCall();
            assertThat(check.operation()).isEqualTo(new UpstreamOperation(Upstream.BOOKING, "GetBooking"));
            assertThat(check.fields()).isEqualTo(Map.of("bookingId", "b-1"));
            assertThat(check.context().identity()).contains(CALLER);
        }

        @Test
        void someoneElsesBookingGetsTheServices404AndNoTicket() {
            UpstreamOutcome.Failed notFound = UpstreamOutcome.Failed.of(FailureKind.NOT_FOUND);
            backend.answer("GetBooking", notFound);

            assertThat(issue("b-9")).isEqualTo(new ApiResult.ServiceFailure(notFound));
            assertThat(tickets.find(TICKET_1)).isEmpty();
        }

        @Test
        void aTicketOpensItsBookingsStreamAsTheCallerWithoutABearerToken() {
            issue("b-1");
            backend.streams("WatchBookingStatus", List.of("{\"status\":\"QUEUED\"}"));

            assertPlainSuccess(watchWithTicket("b-1", TICKET_1), 200, "");

            assertThat(received).containsExactly("{\"status\":\"QUEUED\"}");
            assertThat(backend.calls("WatchBookingStatus").get(0).context().identity()).contains(CALLER);
        }

        @Test
        void aTicketIsRefusedForAnotherBookingAnUnknownTicketAfterExpiryAndAfterLogout() {
            issue("b-1");
            ApiResult refused = new ApiResult.Unauthenticated(AuthProblem.INVALID_STREAM_TICKET);

            assertThat(watchWithTicket("b-2", TICKET_1)).isEqualTo(refused);
            assertThat(watchWithTicket("b-1", "ticket-unknown-0123456789abcdefghij")).isEqualTo(refused);
            clock.advance(Duration.ofSeconds(59));
            assertPlainSuccess(watchWithTicket("b-1", TICKET_1), 200, "");
            clock.advance(Duration.ofSeconds(1));
            assertThat(watchWithTicket("b-1", TICKET_1)).isEqualTo(refused);

            issue("b-1");
            store.revoke(SESSION, USER);
            assertThat(watchWithTicket("b-1", "ticket-2-0123456789abcdefghij")).isEqualTo(refused);
            assertThat(backend.calls("WatchBookingStatus")).hasSize(1);
        }

        @Test
        void aTicketIsNoCredentialOnAnyOtherRoute() {
            issue("b-1");

            ApiResult answer = gateway.handle(ApiRequests.to("bookings.get").path("id", "b-1")
                    .query("ticket", TICKET_1).build());

            assertThat(answer).isEqualTo(new ApiResult.Unauthenticated(AuthProblem.MISSING_TOKEN));
        }

        @Test
        void theTicketStoreDownFailsClosedWith503() {
            tickets.down(true);

            assertThat(issue("b-1")).isEqualTo(new ApiResult.StoreUnavailable("stream tickets"))
                    .extracting(result -> ((ApiResult.StoreUnavailable) result).cause()).asString().isNotBlank();
            assertThat(watchWithTicket("b-1", TICKET_1)).isEqualTo(new ApiResult.StoreUnavailable("stream tickets"));
        }
    }
}
