package com.ticketing.gateway.domain.service;

/** Why a request was not authenticated. All answer 401; {@link #TOKEN_EXPIRED} has its own code. */
public enum AuthProblem {
    /** No bearer token on a protected route. */
    MISSING_TOKEN,
    /** A token that does not verify (signature, algorithm, claims, type, format). */
    INVALID_TOKEN,
    TOKEN_EXPIRED,
    /** A valid token whose session was revoked (logout, reuse) or is unknown. */
    SESSION_REVOKED,
    /** An already-rotated refresh token: the session is now revoked. */
    TOKEN_REUSED,
    /** A stream ticket that is unknown, expired, for another booking, or whose session has ended. */
    INVALID_STREAM_TICKET
}
