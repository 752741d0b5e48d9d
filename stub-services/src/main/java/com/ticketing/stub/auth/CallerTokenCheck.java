package com.ticketing.stub.auth;

import com.ticketing.proto.CallHeaders;
import com.ticketing.stub.grpc.Failures;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes a service check the caller's token instead of trusting the gateway's metadata: a call that
 * names a caller ({@code x-user-id}) or carries {@code authorization} must carry
 * {@code authorization: Bearer <access token>} that verifies (signature, issuer, audience, type,
 * expiry) and whose {@code sub} and {@code sid} are the {@code x-user-id} and {@code x-session-id}
 * sent; otherwise the call ends UNAUTHENTICATED before the service sees it. A call with neither
 * is anonymous and reaches the service, whose user-bound operations refuse it themselves.
 * Session revocation is not checked here (the gateway does that). Thread-safe.
 */
public final class CallerTokenCheck implements ServerInterceptor {

    private static final String BEARER = "Bearer ";

    private final TokenCodec tokens;

    public CallerTokenCheck(TokenCodec tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        Optional<String> problem = problem(headers);
        if (problem.isEmpty()) {
            return next.startCall(call, headers);
        }
        StatusRuntimeException refusal = Failures.unauthenticated(problem.get());
        Metadata trailers = refusal.getTrailers() == null ? new Metadata() : refusal.getTrailers();
        call.close(refusal.getStatus(), trailers);
        return new ServerCall.Listener<>() {
        };
    }

    /** Why the call's metadata does not hold up; empty when it does or names no caller. */
    private Optional<String> problem(Metadata headers) {
        String authorization = headers.get(CallHeaders.AUTHORIZATION);
        String userId = headers.get(CallHeaders.USER_ID);
        if (authorization == null && userId == null) {
            return Optional.empty();
        }
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return Optional.of("a bearer token is required");
        }
        String token = authorization.substring(BEARER.length()).strip();
        Optional<TokenClaims> claims = tokens.verify(TokenType.ACCESS, token);
        if (claims.isEmpty()) {
            return Optional.of("the bearer token is not valid");
        }
        String sessionId = headers.get(CallHeaders.SESSION_ID);
        if ((userId != null && !userId.strip().equals(claims.get().userId()))
                || (sessionId != null && !sessionId.strip().equals(claims.get().sessionId()))) {
            return Optional.of("the bearer token does not belong to the caller");
        }
        return Optional.empty();
    }
}
