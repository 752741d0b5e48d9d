package com.ticketing.gateway.domain.service;

import com.ticketing.gateway.domain.model.Identity;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.TokenCheck;
import com.ticketing.gateway.domain.model.TokenRejection;
import com.ticketing.gateway.domain.port.SessionStore;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import com.ticketing.gateway.domain.port.TokenVerifier;
import java.util.Objects;
import java.util.Optional;

/** Turns a bearer token into the verified caller: a valid access token whose session is active. */
public final class Authentication {

    /** The verified caller, or the result that refuses the request. */
    public sealed interface Outcome {
        record Authenticated(Identity identity) implements Outcome {
        }

        record Refused(ApiResult result) implements Outcome {
        }
    }

    private final TokenVerifier verifier;
    private final SessionStore sessions;

    public Authentication(TokenVerifier verifier, SessionStore sessions) {
        this.verifier = Objects.requireNonNull(verifier);
        this.sessions = Objects.requireNonNull(sessions);
    }

    public Outcome authenticate(Optional<String> bearerToken) {
        if (bearerToken.isEmpty()) {
            return refuse(AuthProblem.MISSING_TOKEN);
        }
        String token = bearerToken.get();
        return switch (verifier.verifyAccess(token)) {
            case TokenCheck.Rejected rejected -> refuse(rejected.reason() == TokenRejection.EXPIRED
                    ? AuthProblem.TOKEN_EXPIRED : AuthProblem.INVALID_TOKEN);
            case TokenCheck.Verified verified -> {
                SessionState state;
                try {
                    state = sessions.state(verified.claims().sessionId(), verified.claims().userId());
                } catch (StoreUnavailableException e) {
                    yield new Outcome.Refused(StoreFailures.report("sessions", e));
                }
                yield switch (state) {
                    case ACTIVE -> new Outcome.Authenticated(new Identity(verified.claims().userId(),
                            verified.claims().sessionId(), token));
                    case FOREIGN -> refuse(AuthProblem.SESSION_MISMATCH);
                    case REVOKED, UNKNOWN -> refuse(AuthProblem.SESSION_REVOKED);
                };
            }
        };
    }

    private static Outcome refuse(AuthProblem problem) {
        return new Outcome.Refused(new ApiResult.Unauthenticated(problem));
    }
}
