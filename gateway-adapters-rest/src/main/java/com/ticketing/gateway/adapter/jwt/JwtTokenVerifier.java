package com.ticketing.gateway.adapter.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.ticketing.gateway.domain.model.TokenCheck;
import com.ticketing.gateway.domain.model.TokenClaims;
import com.ticketing.gateway.domain.model.TokenRejection;
import com.ticketing.gateway.domain.port.TokenVerifier;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Verifies tokens with jjwt and the configured algorithm, never the one a token names. Access
 * tokens: HS256 with {@code JWT_SECRET}, or RS256/ES256 with keys from the JWKS endpoint (read in
 * the background; a request waits for a key read only when its {@code kid} is unknown, at most once
 * per minimum refetch interval and for at most the fetch timeout). Accepted access tokens are
 * remembered by a {@link VerifiedTokenCache}. Refresh tokens are the gateway's own sessions: always
 * HS256 with {@code JWT_REFRESH_SECRET}, never cached.
 * <p>
 * Oversized tokens are refused before anything else. Thread-safe; {@link #close()} stops the
 * background key refresh.
 */
public final class JwtTokenVerifier implements TokenVerifier, AutoCloseable {

    private static final String ACCESS = "access";
    private static final String REFRESH = "refresh";

    private final VerificationKeys accessKeys;
    private final SignedTokenReader access;
    private final SignedTokenReader refresh;
    private final VerifiedTokenCache cache;
    private final JwtVerificationListener listener;
    private final int maxTokenLength;

    public JwtTokenVerifier(JwtSettings settings, Clock clock) {
        this(settings, clock, JwtVerificationListener.NONE);
    }

    /** Starts reading the JWKS (RS256/ES256) and waits up to the fetch timeout for the first answer. */
    public JwtTokenVerifier(JwtSettings settings, Clock clock, JwtVerificationListener listener) {
        this(settings, clock, listener, settings.algorithm().usesKeySet()
                ? JwksKeySource.start(settings.jwks(), settings.algorithm(), listener)
                : VerificationKeys.fixed(secretKey(settings.accessSecret())));
    }

    JwtTokenVerifier(JwtSettings settings, Clock clock, JwtVerificationListener listener,
                     VerificationKeys accessKeys) {
        this.accessKeys = accessKeys;
        this.access = new SignedTokenReader(settings.algorithm(), accessKeys, ACCESS, settings, clock);
        this.refresh = new SignedTokenReader(JwtAlgorithm.HS256,
                VerificationKeys.fixed(secretKey(settings.refreshSecret())), REFRESH, settings, clock);
        this.cache = settings.verifiedCache().enabled() ? new VerifiedTokenCache(settings.verifiedCache(), clock) : null;
        this.listener = listener;
        this.maxTokenLength = settings.maxTokenLength();
    }

    @Override
    public TokenCheck verifyAccess(String token) {
        TokenRejection unfit = unfit(token);
        if (unfit != null) {
            return rejected(unfit);
        }
        if (cache == null) {
            return reported(access.read(token));
        }
        VerifiedTokenCache.Key key = VerifiedTokenCache.keyOf(token);
        long revocations = accessKeys.revocations();
        Optional<TokenClaims> cached = cache.get(key, revocations);
        if (cached.isPresent()) {
            listener.verifiedFromCache();
            return new TokenCheck.Verified(cached.get());
        }
        TokenCheck check = access.read(token);
        if (check instanceof TokenCheck.Verified verified) {
            cache.put(key, verified.claims(), revocations);
        }
        return reported(check);
    }

    @Override
    public TokenCheck verifyRefresh(String token) {
        TokenRejection unfit = unfit(token);
        return unfit != null ? rejected(unfit) : reported(refresh.read(token));
    }

    /** How many verified access tokens are remembered, for a gauge. */
    public int cachedTokens() {
        return cache == null ? 0 : cache.size();
    }

    /** The Caffeine cache of verified access tokens, for Micrometer's cache metrics; empty when the cache is off. */
    public Optional<Cache<?, ?>> verifiedTokenCache() {
        return cache == null ? Optional.empty() : Optional.of(cache.caffeine());
    }

    @Override
    public void close() {
        accessKeys.close();
    }

    /** Why a token is refused before any parsing (absent, or longer than the maximum), or null. */
    private TokenRejection unfit(String token) {
        if (token == null || token.isEmpty()) {
            return TokenRejection.MALFORMED;
        }
        return token.length() > maxTokenLength ? TokenRejection.TOO_LARGE : null;
    }

    private TokenCheck rejected(TokenRejection reason) {
        return reported(new TokenCheck.Rejected(reason));
    }

    private TokenCheck reported(TokenCheck check) {
        if (check instanceof TokenCheck.Rejected rejected) {
            listener.tokenRejected(rejected.reason());
        }
        return check;
    }

    private static SecretKey secretKey(String secret) {
        return Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
    }
}
