package com.ticketing.stub.grpc;

import io.grpc.Context;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling, as the gateway described it in metadata. Installed in the {@link Context} of
 * every call by {@link CallerInterceptor}; blank entries are treated as absent.
 */
public record Caller(
        Optional<String> userId,
        Optional<String> sessionId,
        Optional<String> requestId,
        Optional<String> idempotencyKey,
        Optional<String> authorization) {

    static final Context.Key<Caller> KEY = Context.key("ticketing-caller");

    /** A caller about whom nothing is known (no metadata at all). */
    public static final Caller ANONYMOUS = new Caller(
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public Caller {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(authorization, "authorization");
    }

    /** The caller of the current call; {@link #ANONYMOUS} outside an intercepted call. */
    public static Caller current() {
        Caller caller = KEY.get();
        return caller == null ? ANONYMOUS : caller;
    }

    /** The caller's user id, or UNAUTHENTICATED for calls that need a user and came without {@code x-user-id}. */
    public String requireUserId() {
        return userId.orElseThrow(() -> Failures.unauthenticated("authentication required"));
    }
}
