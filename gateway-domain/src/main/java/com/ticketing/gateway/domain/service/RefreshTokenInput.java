package com.ticketing.gateway.domain.service;

import java.util.Objects;

/**
 * The refresh token a refresh request's body carries, as the edge read it: the token, or why the
 * body holds none. Either way the request is charged to its limit first ({@link ApiGateway#serveRefresh}),
 * so an unreadable body is no way around it.
 */
public sealed interface RefreshTokenInput {

    /** The body's {@code refreshToken}. */
    record Read(String token) implements RefreshTokenInput {
        public Read {
            Objects.requireNonNull(token, "token");
        }
    }

    /** A body that is no JSON object with one non-empty {@code refreshToken} string: the 400 it earns. */
    record Unreadable(ApiResult.InvalidInput problem) implements RefreshTokenInput {
        public Unreadable {
            Objects.requireNonNull(problem, "problem");
        }
    }
}
