package com.ticketing.gateway.domain.service;

import com.ticketing.gateway.domain.model.CachedResponse;
import com.ticketing.gateway.domain.model.CallContext;
import com.ticketing.gateway.domain.model.Identity;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.port.Backend;
import com.ticketing.gateway.domain.port.ResponseCache;
import com.ticketing.gateway.domain.port.UpstreamCall;
import com.ticketing.gateway.domain.route.IdempotencyKeyUse;
import com.ticketing.gateway.domain.route.IntRange;
import com.ticketing.gateway.domain.route.LocationTemplate;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteKind;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The gateway's inbound use case: serve one routed request. Authenticates protected routes,
 * applies the rate limits, then transcodes to the route's upstream operation, answering
 * cacheable routes from the cache.
 */
public final class ApiGateway {

    /** The request field that names a booking, on the stream and stream-ticket routes. */
    private static final String BOOKING_ID = "bookingId";

    private final Backend backend;
    private final Authentication authentication;
    private final RateLimiting rateLimiting;
    private final Sessions sessions;
    private final ResponseCache cache;
    private final StreamTicketing streamTickets;

    public ApiGateway(Backend backend, Authentication authentication, RateLimiting rateLimiting, Sessions sessions,
                      ResponseCache cache, StreamTicketing streamTickets) {
        this.backend = Objects.requireNonNull(backend);
        this.authentication = Objects.requireNonNull(authentication);
        this.rateLimiting = Objects.requireNonNull(rateLimiting);
        this.sessions = Objects.requireNonNull(sessions);
        this.cache = Objects.requireNonNull(cache);
        this.streamTickets = Objects.requireNonNull(streamTickets);
    }

    /** Whether a request may be served, and as whom; refused requests never reach a service. */
    private sealed interface Admission {
        record Admitted(Optional<Identity> identity, Optional<RateLimitDecision.LimitState> limit)
                implements Admission {
            Optional<UserId> user() {
                return identity.map(Identity::userId);
            }
        }

        record Refused(Served response) implements Admission {
        }
    }

    /**
     * Authenticates protected routes, then applies the request's rate limits. A stream route
     * without a bearer token may be opened with a stream ticket instead. A refused authentication
     * is charged to the client address's public limit (token guessing and security-log flooding
     * are limited like any anonymous traffic): 429 once it is spent, else the 401 with that
     * limit's state.
     */
    private Admission admit(ApiRequest request) {
        Route route = request.route();
        if (!route.requiresAuth()) {
            return admitted(Optional.empty(), rateLimiting.check(route, Optional.empty(), request.clientIp()));
        }
        String ticket = request.query().get(StreamTicketing.PARAMETER);
        boolean byTicket = route.kind() == RouteKind.STREAM && request.bearerToken().isEmpty() && ticket != null;
        Authentication.Outcome outcome = byTicket
                ? streamTickets.redeem(ticket, boundField(request, BOOKING_ID), limitsOf(request))
                : authentication.authenticate(request.bearerToken(), limitsOf(request));
        return admission(request, outcome);
    }

    private Function<Identity, List<LimitKey>> limitsOf(ApiRequest request) {
        return identity -> rateLimiting.limitsFor(request.route(), Optional.of(identity), request.clientIp());
    }

    private Admission admission(ApiRequest request, Authentication.Outcome outcome) {
        return switch (outcome) {
            case Authentication.Outcome.Authenticated ok ->
                    admitted(Optional.of(ok.identity()), rateLimiting.judge(ok.limits()));
            case Authentication.Outcome.Refused refused when refused.result() instanceof ApiResult.Unauthenticated ->
                    new Admission.Refused(switch (rateLimiting.checkAnonymous(request.clientIp())) {
                        case RateLimiting.Check.Pass pass -> new Served(refused.result(), pass.state());
                        case RateLimiting.Check.Stop stop -> new Served(stop.result(), stop.state());
                    });
            case Authentication.Outcome.Refused refused -> new Admission.Refused(Served.unlimited(refused.result()));
        };
    }

    private static Admission admitted(Optional<Identity> identity, RateLimiting.Check check) {
        return switch (check) {
            case RateLimiting.Check.Pass pass -> new Admission.Admitted(identity, pass.state());
            case RateLimiting.Check.Stop stop -> new Admission.Refused(new Served(stop.result(), stop.state()));
        };
    }

    /**
     * Serves a unary route (any kind but {@link RouteKind#STREAM} and {@link RouteKind#REFRESH}).
     * A protected call whose session store answers later ({@link #serveWhenAdmitted}) is prepared
     * meanwhile and goes out as soon as the request is admitted, never before.
     */
    public Served serve(ApiRequest request) {
        if (request.route().kind() == RouteKind.TRANSCODE && request.route().requiresAuth()
                && request.bearerToken().isPresent() && !request.route().cache().cacheable()) {
            Authentication.Started started = authentication.start(request.bearerToken(), limitsOf(request));
            return started.outcome().isDone()
                    ? served(request, admission(request, settled(started.outcome())))
                    : serveWhenAdmitted(request, started);
        }
        return served(request, admit(request));
    }

    /**
     * A protected transcoded call started before its admission is decided: the backend may start
     * it on the thread that gets the store's answer, and only if the request is admitted (the same
     * test as {@link RateLimiting#judge}'s); the request is then judged here as any other, and a
     * refused request answers its refusal (nothing reached the service). Input that is not valid
     * (a missing Idempotency-Key, a query parameter out of range) makes no call: once admitted it is
     * answered 400, as on the other path.
     */
    private Served serveWhenAdmitted(ApiRequest request, Authentication.Started started) {
        Route route = request.route();
        CompletableFuture<Boolean> admitted = started.outcome()
                .thenApply(outcome -> outcome instanceof Authentication.Outcome.Authenticated ok
                        && RateLimiting.admits(ok.limits()))
                .exceptionally(failure -> false);
        Optional<ApiResult> invalid = invalidInput(request);
        Optional<UpstreamOutcome> answer = invalid.isPresent() ? Optional.empty()
                : backend.callIfAdmitted(new UpstreamCall(route.operation(), request.body(), fields(request),
                        responseFields(route), context(request, started.caller())), admitted);
        return switch (admission(request, settled(started.outcome()))) {
            case Admission.Refused refused -> refused.response();
            case Admission.Admitted ok -> new Served(invalid.orElseGet(() -> answered(route, answer.orElseThrow(
                    () -> new IllegalStateException("an admitted request's call was not made")))), ok.limit(), ok.user());
        };
    }

    /** The outcome of a completed stage, or what completed it exceptionally, thrown as it was. */
    private static Authentication.Outcome settled(CompletableFuture<Authentication.Outcome> outcome) {
        try {
            return outcome.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private Served served(ApiRequest request, Admission admission) {
        return switch (admission) {
            case Admission.Refused refused -> refused.response();
            case Admission.Admitted admitted -> new Served(switch (request.route().kind()) {
                case LOGIN -> sessions.login(request);
                case LOGOUT -> sessions.logout(request, admitted.identity().orElseThrow());
                case TRANSCODE -> transcode(request, admitted.identity());
                case STREAM_TICKET -> streamTicket(request, admitted.identity().orElseThrow());
                case REFRESH, STREAM -> throw new IllegalArgumentException(
                        request.route().id() + " is served by serveRefresh/serveStream");
            }, admitted.limit(), admitted.user());
        };
    }

    /**
     * Refresh-token rotation; the token comes from the request's JSON body. The request is admitted
     * (its limit charged) before what the body holds counts: an unreadable one is a 400 within the limit.
     */
    public Served serveRefresh(ApiRequest request, RefreshTokenInput input) {
        return switch (admit(request)) {
            case Admission.Refused refused -> refused.response();
            case Admission.Admitted admitted -> new Served(switch (input) {
                case RefreshTokenInput.Read read -> sessions.refresh(request, read.token());
                case RefreshTokenInput.Unreadable unreadable -> unreadable.problem();
            }, admitted.limit());
        };
    }

    /**
     * Serves a {@link RouteKind#STREAM} route: each message goes to {@code onMessage} as it comes.
     * The result is {@code Success} when the stream completed, or why it did not start or broke off.
     */
    public Served serveStream(ApiRequest request, Consumer<byte[]> onMessage) {
        return serveStream(request, admission -> { }, onMessage);
    }

    /**
     * Serves a {@link RouteKind#STREAM} route as {@link #serveStream(ApiRequest, Consumer)}, telling
     * {@code onAdmitted} once it is admitted, before the stream starts, its limit's state (a stream's
     * head, with its {@code RateLimit-*} fields, goes out with its first message) and how to ask
     * whether its session has ended meanwhile ({@link StreamAdmission}).
     */
    public Served serveStream(ApiRequest request, Consumer<StreamAdmission> onAdmitted, Consumer<byte[]> onMessage) {
        return serveGatedStream(request, admission -> {
            onAdmitted.accept(admission);
            return Optional.empty();
        }, onMessage);
    }

    /**
     * Serves a {@link RouteKind#STREAM} route as {@link #serveStream(ApiRequest, Consumer, Consumer)},
     * with a {@code gate} that may still refuse the admitted stream before it starts (the answer is
     * then the gate's, with the route's limit state; nothing is called upstream).
     */
    public Served serveGatedStream(ApiRequest request, StreamAdmission.Gate gate, Consumer<byte[]> onMessage) {
        return switch (admit(request)) {
            case Admission.Refused refused -> refused.response();
            case Admission.Admitted admitted -> {
                Optional<ApiResult> refusedAtTheGate = gate.admit(new StreamAdmission(admitted.limit(),
                        () -> admitted.identity().flatMap(sessions::ended), admitted.user()));
                if (refusedAtTheGate.isPresent()) {
                    yield new Served(refusedAtTheGate.get(), admitted.limit(), admitted.user());
                }
                UpstreamCall call = new UpstreamCall(request.route().operation(), new byte[0], fields(request),
                        Set.of(), context(request, admitted.identity()));
                SessionBound relay = new SessionBound(admitted.identity(), onMessage);
                ApiResult streamed = switch (backend.stream(call, relay)) {
                    case UpstreamOutcome.Ok ok -> ApiResult.Success.of(200, new byte[0]);
                    case UpstreamOutcome.Failed failed -> new ApiResult.ServiceFailure(failed);
                    case UpstreamOutcome.CircuitOpen open -> ApiResult.CircuitOpen.of(open);
                    case UpstreamOutcome.Unmappable u ->
                            new ApiResult.InvalidInput(u.malformedJson(), u.field(), u.message());
                };
                yield new Served(relay.ended != null ? relay.ended : streamed, admitted.limit(), admitted.user());
            }
        };
    }

    /**
     * A stream's messages passed on only while the caller's session is active: before each one the
     * session is read again, and once it has ended (a logout, a reused refresh token, on any
     * instance) the stream stops with why, instead of the message. A public stream has no session.
     */
    private final class SessionBound implements Consumer<byte[]> {

        private final Optional<Identity> caller;
        private final Consumer<byte[]> onMessage;
        /** Why the session ended the stream; null while it has not. */
        private ApiResult ended;

        SessionBound(Optional<Identity> caller, Consumer<byte[]> onMessage) {
            this.caller = caller;
            this.onMessage = onMessage;
        }

        @Override
        public void accept(byte[] message) {
            // An interrupted thread is stopping anyway (a shutdown, a client gone): the sink refuses the
            // message, and a store read now would only fail for the interrupt.
            if (caller.isPresent() && !Thread.currentThread().isInterrupted()) {
                Optional<ApiResult> end = sessions.ended(caller.get());
                if (end.isPresent() && !Thread.currentThread().isInterrupted()) {
                    ended = end.get();
                    throw new IllegalStateException("the session ended: the stream stops"); // the backend cancels the call
                }
            }
            onMessage.accept(message);
        }
    }

    /** The result of {@link #serve}, for tests of the use case's logic. */
    ApiResult handle(ApiRequest request) {
        return serve(request).result();
    }

    ApiResult refresh(ApiRequest request, String refreshToken) {
        return serveRefresh(request, new RefreshTokenInput.Read(refreshToken)).result();
    }

    ApiResult stream(ApiRequest request, Consumer<byte[]> onMessage) {
        return serveStream(request, onMessage).result();
    }

    private ApiResult transcode(ApiRequest request, Optional<Identity> identity) {
        Route route = request.route();
        Optional<ApiResult> invalid = invalidInput(request);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        String cacheKey = route.cache().cacheable() ? cacheKey(request) : null;
        if (cacheKey != null) {
            Optional<CachedResponse> hit = cache.get(cacheKey);
            if (hit.isPresent()) {
                return cached(route, hit.get());
            }
        }
        UpstreamCall call = new UpstreamCall(route.operation(), request.body(), fields(request),
                responseFields(route), context(request, identity));
        UpstreamOutcome outcome = backend.call(call);
        if (cacheKey == null) {
            return answered(route, outcome);
        }
        return switch (outcome) {
            case UpstreamOutcome.Ok ok -> {
                CachedResponse entry = new CachedResponse(ok.json(), EntityTag.of(ok.json()));
                cache.put(cacheKey, entry, route.cache().ttl());
                yield cached(route, entry);
            }
            case UpstreamOutcome.Failed failed when failed.kind().infrastructure() ->
                    staleOr(route, cacheKey, new ApiResult.ServiceFailure(failed));
            case UpstreamOutcome.CircuitOpen open -> staleOr(route, cacheKey, ApiResult.CircuitOpen.of(open));
            default -> answered(route, outcome);
        };
    }

    /** What a request the gateway keeps no copy of answers for its call's outcome. */
    private static ApiResult answered(Route route, UpstreamOutcome outcome) {
        return switch (outcome) {
            case UpstreamOutcome.Ok ok -> new ApiResult.Success(ok.replayed() ? route.replayStatus() : route.successStatus(),
                    ok.json(), route.location().flatMap(template -> template.fill(ok.fields())), Optional.empty(),
                    Duration.ZERO);
            case UpstreamOutcome.Failed failed -> new ApiResult.ServiceFailure(failed);
            case UpstreamOutcome.CircuitOpen open -> ApiResult.CircuitOpen.of(open);
            case UpstreamOutcome.Unmappable u -> new ApiResult.InvalidInput(u.malformedJson(), u.field(), u.message());
        };
    }

    /** A required Idempotency-Key missing, or a bounded query parameter out of its range: answered 400 once admitted. */
    private static Optional<ApiResult> invalidInput(ApiRequest request) {
        Route route = request.route();
        if (route.idempotencyKey() == IdempotencyKeyUse.REQUIRED && request.idempotencyKey().isEmpty()) {
            return Optional.of(new ApiResult.InvalidInput(false, "Idempotency-Key", "header is required"));
        }
        for (Map.Entry<String, IntRange> bounded : route.queryRanges().entrySet()) {
            String value = request.query().get(bounded.getKey());
            Optional<String> violation = value == null ? Optional.empty() : bounded.getValue().violation(value);
            if (violation.isPresent()) {
                return Optional.of(new ApiResult.InvalidInput(false, bounded.getKey(), violation.get()));
            }
        }
        return Optional.empty();
    }

    /** The expired copy, marked stale, while the service is unavailable; otherwise {@code unavailable}. */
    private ApiResult staleOr(Route route, String cacheKey, ApiResult unavailable) {
        return cache.getStale(cacheKey).<ApiResult>map(entry -> new ApiResult.Success(route.successStatus(),
                        entry.json(), Optional.empty(), Optional.of(entry.etag()), Duration.ZERO, true))
                .orElse(unavailable);
    }

    /** A ticket for the caller's booking, once the route's operation found the booking for them. */
    private ApiResult streamTicket(ApiRequest request, Identity caller) {
        UpstreamCall call = new UpstreamCall(request.route().operation(), new byte[0], fields(request), Set.of(),
                context(request, Optional.of(caller)));
        return switch (backend.call(call)) {
            case UpstreamOutcome.Ok ok -> streamTickets.issue(caller, boundField(request, BOOKING_ID));
            case UpstreamOutcome.Failed failed -> new ApiResult.ServiceFailure(failed);
            case UpstreamOutcome.CircuitOpen open -> ApiResult.CircuitOpen.of(open);
            case UpstreamOutcome.Unmappable u -> new ApiResult.InvalidInput(u.malformedJson(), u.field(), u.message());
        };
    }

    /** The value bound to request field {@code field} from the path (empty when none is). */
    private static String boundField(ApiRequest request, String field) {
        return fields(request).getOrDefault(field, "");
    }

    private static ApiResult cached(Route route, CachedResponse entry) {
        return new ApiResult.Success(route.successStatus(), entry.json(), Optional.empty(),
                Optional.of(entry.etag()), route.cache().ttl());
    }

    private static CallContext context(ApiRequest request, Optional<Identity> identity) {
        return new CallContext(request.requestId(), identity, request.idempotencyKey(), request.deadline(),
                request.clientDeadline());
    }

    private static Map<String, String> fields(ApiRequest request) {
        Route route = request.route();
        Map<String, String> fields = new LinkedHashMap<>();
        route.pathFields().forEach((variable, field) -> fields.put(field, request.pathVariables().get(variable)));
        route.queryFields().forEach((parameter, field) -> {
            String value = request.query().get(parameter);
            if (value != null) {
                fields.put(field, value);
            }
        });
        return fields;
    }

    private static Set<String> responseFields(Route route) {
        return route.location().map(LocationTemplate::variables).orElse(Set.of());
    }

    /**
     * The cache key: the route and its bound fields sorted by name (the same on every instance;
     * a route's field maps keep no order), each value percent-encoded so that no value can pose
     * as another field.
     */
    static String cacheKey(ApiRequest request) {
        StringBuilder key = new StringBuilder(request.route().id());
        new TreeMap<>(fields(request)).forEach((field, value) -> key.append('|').append(field).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return key.toString();
    }
}
