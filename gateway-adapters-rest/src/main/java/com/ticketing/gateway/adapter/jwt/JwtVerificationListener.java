package com.ticketing.gateway.adapter.jwt;

import com.ticketing.gateway.domain.model.TokenRejection;

/**
 * What token verification reports for metrics. {@link TokenRejection#KEY_SOURCE_UNAVAILABLE} is an
 * infrastructure fault (the JWKS endpoint could not be read), to be counted and alerted on apart
 * from bad tokens. Called on request and background threads: implementations must be thread-safe,
 * fast and must not throw.
 */
public interface JwtVerificationListener {

    JwtVerificationListener NONE = new JwtVerificationListener() {
    };

    /** A token was refused for {@code reason}. */
    default void tokenRejected(TokenRejection reason) {
    }

    /** An access token was accepted from the verified-token cache, without signature verification. */
    default void verifiedFromCache() {
    }

    /** The JWKS was read; {@code usableKeys} keys are now trusted. */
    default void keySetFetched(int usableKeys) {
    }

    /** The JWKS could not be read; the keys held before stay in use. */
    default void keySetFetchFailed() {
    }
}
