package com.ticketing.gateway.domain.service;

import com.ticketing.gateway.domain.model.CallContext;
import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.Identity;
import com.ticketing.gateway.domain.model.Rotation;
import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.TokenCheck;
import com.ticketing.gateway.domain.model.TokenClaims;
import com.ticketing.gateway.domain.model.TokenRejection;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.port.Backend;
import com.ticketing.gateway.domain.port.SessionStore;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import com.ticketing.gateway.domain.port.TokenVerifier;
import com.ticketing.gateway.domain.port.UpstreamCall;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Login, refresh-token rotation with reuse detection, and logout. The auth service issues the
 * tokens; the gateway's {@link SessionStore} decides, for every instance that shares it, which
 * sessions are active and which refresh token is current.
 */
public final class Sessions {

    /** Reason the auth service gives for an already-rotated refresh token. */
    public static final String REASON_TOKEN_REUSED = "TOKEN_REUSED";
    private static final String REFRESH_TOKEN = "refreshToken";
    private static final System.Logger LOG = System.getLogger(Sessions.class.getName());

    /** The most refreshes remembered whose new tokens this instance could not hand out. */
    static final int MAX_UNDELIVERED = 10_000;

    private final Backend backend;
    private final TokenVerifier verifier;
    private final SessionStore store;
    /**
     * A refresh whose tokens the auth service issued but whose rotation the store failed to record
     * (or to confirm: it may have run it all the same), by the presented refresh token's id. The
     * client was told 503 and will retry with the same token; the auth service has rotated already
     * and would take the retry for reuse, so the retry gets these tokens once the store records
     * this rotation. Oldest forgotten first beyond {@link #MAX_UNDELIVERED}.
     */
    private final Map<String, Undelivered> undelivered = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Undelivered> eldest) {
                    return size() > MAX_UNDELIVERED;
                }
            });

    private record Undelivered(TokenClaims next, byte[] json) {
    }

    public Sessions(Backend backend, TokenVerifier verifier, SessionStore store) {
        this.backend = Objects.requireNonNull(backend);
        this.verifier = Objects.requireNonNull(verifier);
        this.store = Objects.requireNonNull(store);
    }

    /** Logs in with the request's JSON credentials and opens the session the tokens belong to. */
    public ApiResult login(ApiRequest request) {
        CallContext context = CallContext.anonymous(request.requestId(), request.deadline(), request.clientDeadline());
        UpstreamOutcome outcome = backend.call(new UpstreamCall(request.route().operation(), request.body(),
                Map.of(), Set.of(REFRESH_TOKEN), context));
        return switch (outcome) {
            case UpstreamOutcome.Ok ok -> issued(ok, request, claims -> {
                store.open(new Session(claims.sessionId(), claims.userId(), claims.tokenId(), claims.expiresAt()));
                return null;
            });
            case UpstreamOutcome.Failed failed -> new ApiResult.ServiceFailure(failed);
            case UpstreamOutcome.CircuitOpen open -> ApiResult.CircuitOpen.of(open);
            case UpstreamOutcome.Unmappable u -> new ApiResult.InvalidInput(u.malformedJson(), u.field(), u.message());
        };
    }

    /** Rotates {@code refreshToken}: exactly one of several concurrent uses succeeds; reuse revokes the session. */
    public ApiResult refresh(ApiRequest request, String refreshToken) {
        TokenClaims presented;
        switch (verifier.verifyRefresh(refreshToken)) {
            case TokenCheck.Rejected r -> {
                return new ApiResult.Unauthenticated(r.reason() == TokenRejection.EXPIRED
                        ? AuthProblem.TOKEN_EXPIRED : AuthProblem.INVALID_TOKEN);
            }
            case TokenCheck.Verified v -> presented = v.claims();
        }
        try {
            Undelivered owed = undelivered.get(presented.tokenId());
            if (owed != null) {
                return deliver(request, presented, owed);
            }
            if (store.state(presented.sessionId(), presented.userId()) != SessionState.ACTIVE) {
                return new ApiResult.Unauthenticated(AuthProblem.SESSION_REVOKED);
            }
            CallContext context = CallContext.anonymous(request.requestId(), request.deadline(), request.clientDeadline());
            UpstreamOutcome outcome = backend.call(new UpstreamCall(request.route().operation(), new byte[0],
                    Map.of(REFRESH_TOKEN, refreshToken), Set.of(REFRESH_TOKEN), context));
            return switch (outcome) {
                case UpstreamOutcome.Ok ok -> issued(ok, request, next -> {
                    Rotation rotation;
                    try {
                        rotation = store.rotate(presented.sessionId(), presented.userId(), presented.tokenId(),
                                next.tokenId(), next.expiresAt());
                    } catch (StoreUnavailableException e) {
                        undelivered.put(presented.tokenId(), new Undelivered(next, ok.json()));
                        throw e;
                    }
                    return switch (rotation) {
                        // REVOKED here means revoked while this call was at the auth service: by a
                        // concurrent use of the same token (the theft response) or a logout. This call
                        // won the rotation there, so it is the one answer that succeeds; the tokens it
                        // carries die with the session.
                        case ROTATED, REVOKED -> null;
                        case REUSED -> AuthProblem.TOKEN_REUSED;
                        case UNKNOWN -> AuthProblem.SESSION_REVOKED;
                    };
                });
                case UpstreamOutcome.Failed failed when failed.kind() == FailureKind.UNAUTHENTICATED -> {
                    if (REASON_TOKEN_REUSED.equals(failed.reason())) {
                        store.revoke(presented.sessionId(), presented.userId());
                        yield new ApiResult.Unauthenticated(AuthProblem.TOKEN_REUSED);
                    }
                    yield new ApiResult.Unauthenticated(AuthProblem.INVALID_TOKEN);
                }
                case UpstreamOutcome.Failed failed -> new ApiResult.ServiceFailure(failed);
                case UpstreamOutcome.CircuitOpen open -> ApiResult.CircuitOpen.of(open);
                case UpstreamOutcome.Unmappable u ->
                        new ApiResult.InvalidInput(u.malformedJson(), u.field(), u.message());
            };
        } catch (StoreUnavailableException e) {
            return StoreFailures.report("sessions", e);
        }
    }

    /**
     * The retry of a refresh answered 503 after the auth service had rotated: the same rotation is
     * recorded again (a store that ran it already says so) and the tokens issued then are handed
     * out. A store that still fails leaves them owed; any other answer settles them.
     */
    private ApiResult deliver(ApiRequest request, TokenClaims presented, Undelivered owed) {
        Rotation rotation = store.rotate(presented.sessionId(), presented.userId(), presented.tokenId(),
                owed.next().tokenId(), owed.next().expiresAt());
        undelivered.remove(presented.tokenId());
        return switch (rotation) {
            case ROTATED -> ApiResult.Success.of(request.route().successStatus(), owed.json());
            case REUSED -> new ApiResult.Unauthenticated(AuthProblem.TOKEN_REUSED);
            case REVOKED, UNKNOWN -> new ApiResult.Unauthenticated(AuthProblem.SESSION_REVOKED);
        };
    }

    /**
     * Why {@code identity}'s session no longer admits its requests (401 revoked or unknown, 503 when
     * the store cannot say: sessions fail closed), or empty while it is active. A stream asks before
     * each message it passes on, so that a logout or a revocation on any instance ends it.
     */
    public Optional<ApiResult> ended(Identity identity) {
        try {
            return store.state(identity.sessionId(), identity.userId()) == SessionState.ACTIVE ? Optional.empty()
                    : Optional.of(new ApiResult.Unauthenticated(AuthProblem.SESSION_REVOKED));
        } catch (StoreUnavailableException e) {
            return Optional.of(StoreFailures.report("sessions", e));
        }
    }

    /** Revokes the caller's session at once, then tells the auth service (best effort). */
    public ApiResult logout(ApiRequest request, Identity identity) {
        try {
            store.revoke(identity.sessionId(), identity.userId());
        } catch (StoreUnavailableException e) {
            return StoreFailures.report("sessions", e);
        }
        CallContext context = new CallContext(request.requestId(), Optional.of(identity), Optional.empty(),
                request.deadline(), request.clientDeadline());
        UpstreamOutcome outcome = backend.call(new UpstreamCall(request.route().operation(), new byte[0],
                Map.of("sessionId", identity.sessionId().value()), Set.of(), context));
        if (!(outcome instanceof UpstreamOutcome.Ok)) {
            LOG.log(System.Logger.Level.WARNING, "session {0} revoked at the gateway; auth service not told: {1}",
                    identity.sessionId(), outcome);
        }
        return ApiResult.Success.of(request.route().successStatus(), new byte[0]);
    }

    /** Records newly issued tokens; answers why they must not be handed out, or null when they may. */
    private interface SessionUpdate {
        AuthProblem apply(TokenClaims claims);
    }

    private ApiResult issued(UpstreamOutcome.Ok ok, ApiRequest request, SessionUpdate update) {
        String issued = ok.fields().getOrDefault(REFRESH_TOKEN, "");
        if (!(verifier.verifyRefresh(issued) instanceof TokenCheck.Verified verified)) {
            LOG.log(System.Logger.Level.ERROR, "auth service issued a refresh token the gateway cannot verify;"
                    + " check that both use the same JWT_REFRESH_SECRET");
            return new ApiResult.ServiceFailure(UpstreamOutcome.Failed.of(FailureKind.INTERNAL));
        }
        try {
            AuthProblem problem = update.apply(verified.claims());
            return problem == null ? ApiResult.Success.of(request.route().successStatus(), ok.json())
                    : new ApiResult.Unauthenticated(problem);
        } catch (StoreUnavailableException e) {
            return StoreFailures.report("sessions", e);
        }
    }
}
