package com.ticketing.gateway.domain.testing;

import com.ticketing.gateway.domain.model.TokenCheck;
import com.ticketing.gateway.domain.model.TokenClaims;
import com.ticketing.gateway.domain.model.TokenRejection;
import com.ticketing.gateway.domain.port.TokenVerifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A verifier that knows tokens by their text: each token is registered as a valid access or
 * refresh token (with its claims) or as rejected for a reason. Any other text is
 * {@link TokenRejection#MALFORMED}; an access token presented as a refresh token (or the other
 * way round) is {@link TokenRejection#WRONG_TYPE}. Thread-safe.
 */
public final class FakeTokenVerifier implements TokenVerifier {

    private final Map<String, TokenCheck> access = new ConcurrentHashMap<>();
    private final Map<String, TokenCheck> refresh = new ConcurrentHashMap<>();

    public FakeTokenVerifier access(String token, TokenClaims claims) {
        access.put(token, new TokenCheck.Verified(claims));
        return this;
    }

    public FakeTokenVerifier refresh(String token, TokenClaims claims) {
        refresh.put(token, new TokenCheck.Verified(claims));
        return this;
    }

    /** {@code token} is rejected for {@code reason}, whichever type it is presented as. */
    public FakeTokenVerifier reject(String token, TokenRejection reason) {
        access.put(token, new TokenCheck.Rejected(reason));
        refresh.put(token, new TokenCheck.Rejected(reason));
        return this;
    }

    @Override
    public TokenCheck verifyAccess(String token) {
        return check(access, refresh, token);
    }

    @Override
    public TokenCheck verifyRefresh(String token) {
        return check(refresh, access, token);
    }

    private static TokenCheck check(Map<String, TokenCheck> wanted, Map<String, TokenCheck> other, String token) {
        TokenCheck known = wanted.get(token);
        if (known != null) {
            return known;
        }
        return new TokenCheck.Rejected(other.containsKey(token) ? TokenRejection.WRONG_TYPE : TokenRejection.MALFORMED);
    }
}
