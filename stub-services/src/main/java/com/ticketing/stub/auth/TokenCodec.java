package com.ticketing.stub.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Signs and verifies the platform's HS256 JWTs (claims sub, sid, jti, typ, iss, aud, iat, exp).
 * Verification accepts only HS256, the configured issuer and audience, the expected {@code typ}
 * and a token whose exp is still ahead by the injected clock. Thread-safe.
 */
public final class TokenCodec {

    static final String ALGORITHM = "HS256";
    private static final String SESSION_CLAIM = "sid";
    private static final String TYPE_CLAIM = "typ";

    private final JwtSettings settings;
    private final Clock clock;
    private final Map<TokenType, SecretKey> keys = new EnumMap<>(TokenType.class);

    public TokenCodec(JwtSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        for (TokenType type : TokenType.values()) {
            keys.put(type, Keys.hmacShaKeyFor(settings.secret(type).getBytes(StandardCharsets.UTF_8)));
        }
    }

    public String issue(TokenType type, String userId, String sessionId, String tokenId, Instant issuedAt) {
        return Jwts.builder()
                .subject(userId)
                .claim(SESSION_CLAIM, sessionId)
                .id(tokenId)
                .claim(TYPE_CLAIM, type.claim())
                .issuer(settings.issuer())
                .audience().add(settings.audience()).and()
                .issuedAt(Date.from(issuedAt))
                .expiration(Date.from(expiryOf(type, issuedAt)))
                .signWith(keys.get(type), Jwts.SIG.HS256)
                .compact();
    }

    /** When a token of {@code type} issued at {@code issuedAt} expires (JWT times are whole seconds). */
    public Instant expiryOf(TokenType type, Instant issuedAt) {
        return Instant.ofEpochSecond(issuedAt.getEpochSecond()).plus(settings.ttl(type));
    }

    /** The token's claims when it is a valid, unexpired token of {@code type}; empty otherwise. */
    public Optional<TokenClaims> verify(TokenType type, String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            Jws<Claims> jws = Jwts.parser()
                    .verifyWith(keys.get(type))
                    .requireIssuer(settings.issuer())
                    .requireAudience(settings.audience())
                    .require(TYPE_CLAIM, type.claim())
                    .clock(() -> Date.from(clock.instant()))
                    .build()
                    .parseSignedClaims(token);
            if (!ALGORITHM.equals(jws.getHeader().getAlgorithm())) {
                return Optional.empty();
            }
            Claims claims = jws.getPayload();
            String sessionId = claims.get(SESSION_CLAIM, String.class);
            if (claims.getSubject() == null || sessionId == null || claims.getId() == null
                    || claims.getExpiration() == null) {
                return Optional.empty();
            }
            // RFC 7519: valid only before exp (the parser also accepts the exp second itself).
            if (!clock.instant().isBefore(claims.getExpiration().toInstant())) {
                return Optional.empty();
            }
            return Optional.of(new TokenClaims(
                    claims.getSubject(), sessionId, claims.getId(), type, claims.getExpiration().toInstant()));
        } catch (JwtException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
