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
        if (bearerToken.isEmpty()) {
            return refuse(AuthProblem.MISSING_TOKEN);
        }
        String token = bearerToken.get();
        return switch (verifier.verifyAccess(token)) {
            case TokenCheck.Rejected rejected -> refuse(rejected.reason() == TokenRejection.EXPIRED
                    ? AuthProblem.TOKEN_EXPIRED : AuthProblem.INVALID_TOKEN);
            case TokenCheck.Verified verified -> {
                TokenClaims claims = verified.claims();
                Identity identity = new Identity(claims.userId(), claims.sessionId(), token);
                Passage passage;
                try {
                    passage = turnstile.pass(claims.sessionId(), claims.userId(), limitsOf.apply(identity));
                } catch (StoreUnavailableException e) {
                    yield new Outcome.Refused(StoreFailures.report("sessions", e));
                }
                yield switch (passage) {
                    case Passage.Open open -> new Outcome.Authenticated(identity, open.decision());
                    case Passage.Closed closed -> refuse(AuthProblem.SESSION_REVOKED);
                };
            }
        };
    }

    private static Outcome refuse(AuthProblem problem) {
        return new Outcome.Refused(new ApiResult.Unauthenticated(problem));
    }
}
