package com.ticketing.gateway.domain.service;

import com.ticketing.gateway.domain.model.Identity;
import com.ticketing.gateway.domain.model.TokenCheck;
import com.ticketing.gateway.domain.model.TokenClaims;
import com.ticketing.gateway.domain.model.TokenRejection;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.port.Passage;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import com.ticketing.gateway.domain.port.TokenVerifier;
import com.ticketing.gateway.domain.port.Turnstile;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Turns a bearer token into the verified caller: a valid access token whose session is active
 * for the token's subject. The session is read by the {@link Turnstile}, which charges the
 * caller's limits in the same step.
 */
public final class Authentication {

    /** The verified caller and the decision on its limits, or the result that refuses the request. */
    public sealed interface Outcome {
        record Authenticated(Identity identity, RateLimitDecision limits) implements Outcome {
        }

        record Refused(ApiResult result) implements Outcome {
        }
    }

    private final TokenVerifier verifier;
    private final Turnstile turnstile;

    public Authentication(TokenVerifier verifier, Turnstile turnstile) {
        this.verifier = Objects.requireNonNull(verifier);
        this.turnstile = Objects.requireNonNull(turnstile);
    }

    /**
     * @param limitsOf the limits a request of the verified caller counts against
     */
    public Outcome authenticate(Optional<String> bearerToken, Function<Identity, List<LimitKey>> limitsOf) {
        return switch (identify(bearerToken)) {
            case Identified.Refused refused -> refused.outcome();
            case Identified.Caller caller -> {
                Identity identity = caller.identity();
                Passage passage;
                try {
                    passage = turnstile.pass(identity.sessionId(), identity.userId(), limitsOf.apply(identity));
                } catch (StoreUnavailableException e) {
                    yield storeFailure(e);
                }
                yield outcome(identity, passage);
            }
        };
    }

    /**
     * {@link #authenticate}, started: the token is verified at once, and the outcome completes when
     * the session store has answered ({@link Turnstile#start}), on the thread that got the answer.
     * The stage completes exceptionally only for what {@link #authenticate} would throw.
     */
    public Started start(Optional<String> bearerToken, Function<Identity, List<LimitKey>> limitsOf) {
        return switch (identify(bearerToken)) {
            case Identified.Refused refused ->
                    new Started(Optional.empty(), CompletableFuture.completedFuture(refused.outcome()));
            case Identified.Caller caller -> {
                Identity identity = caller.identity();
                CompletableFuture<Outcome> outcome = turnstile
                        .start(identity.sessionId(), identity.userId(), limitsOf.apply(identity))
                        .handle((passage, failure) -> {
                            if (failure == null) {
                                return outcome(identity, passage);
                            }
                            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                    ? failure.getCause() : failure;
                            if (cause instanceof StoreUnavailableException e) {
                                return storeFailure(e);
                            }
                            throw failure instanceof CompletionException wrapped ? wrapped : new CompletionException(cause);
                        }).toCompletableFuture();
                yield new Started(Optional.of(identity), outcome);
            }
        };
    }

    /**
     * An authentication under way.
     *
     * @param caller  the verified caller, empty when the token was refused (then {@code outcome} is complete)
     * @param outcome the outcome, complete once the session store has answered
     */
    public record Started(Optional<Identity> caller, CompletableFuture<Outcome> outcome) {
    }

    /** The token's verified caller, or why the request is refused before any store is asked. */
    private sealed interface Identified {
        record Caller(Identity identity) implements Identified {
        }

        record Refused(Outcome outcome) implements Identified {
        }
    }

    private Identified identify(Optional<String> bearerToken) {
        if (bearerToken.isEmpty()) {
            return new Identified.Refused(refuse(AuthProblem.MISSING_TOKEN));
        }
        String token = bearerToken.get();
        return switch (verifier.verifyAccess(token)) {
            case TokenCheck.Rejected rejected -> new Identified.Refused(refuse(rejected.reason() == TokenRejection.EXPIRED
                    ? AuthProblem.TOKEN_EXPIRED : AuthProblem.INVALID_TOKEN));
            case TokenCheck.Verified verified -> {
                TokenClaims claims = verified.claims();
                yield new Identified.Caller(new Identity(claims.userId(), claims.sessionId(), token));
            }
        };
    }

    private static Outcome outcome(Identity identity, Passage passage) {
        return switch (passage) {
            case Passage.Open open -> new Outcome.Authenticated(identity, open.decision());
            case Passage.Closed closed -> refuse(AuthProblem.SESSION_REVOKED);
        };
    }

    private static Outcome storeFailure(StoreUnavailableException e) {
        return new Outcome.Refused(StoreFailures.report("sessions", e));
    }

    private static Outcome refuse(AuthProblem problem) {
        return new Outcome.Refused(new ApiResult.Unauthenticated(problem));
    }
}
