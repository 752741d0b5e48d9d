package com.ticketing.gateway.domain.port;

import com.ticketing.gateway.domain.model.TokenCheck;

/**
 * Verifies the platform's tokens with the configured keys and algorithm (never the one a token
 * names). Thread-safe; on the request path at most one rate-limited, time-bounded key-set read
 * for an unknown key id; never throws for a bad token.
 */
public interface TokenVerifier {

    /** Verifies an access token (typ "access"). */
    TokenCheck verifyAccess(String token);

    /** Verifies a refresh token (typ "refresh"). */
    TokenCheck verifyRefresh(String token);
}
