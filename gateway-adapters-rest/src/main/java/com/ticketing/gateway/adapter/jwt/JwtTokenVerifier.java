package com.ticketing.gateway.adapter.jwt;

import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.TokenCheck;
import com.ticketing.gateway.domain.model.TokenClaims;
import com.ticketing.gateway.domain.model.TokenRejection;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.port.TokenVerifier;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.SecurityException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;

/**
 * HS256 verification with jjwt. The algorithm is pinned: a token naming any other algorithm is
 * refused whatever its signature. Parsers are built once; verification does no I/O.
 */
public final class JwtTokenVerifier implements TokenVerifier {

    static final String PINNED_ALGORITHM = "HS256";
    private static final String TYPE_CLAIM = "typ";
    private static final String SESSION_CLAIM = "sid";

    private final JwtParser accessParser;
    private final JwtParser refreshParser;
    private final int maxTokenLength;

    public JwtTokenVerifier(JwtSettings settings, Clock clock) {
        this.accessParser = parser(settings.accessSecret(), settings, clock);
        this.refreshParser = parser(settings.refreshSecret(), settings, clock);
        this.maxTokenLength = settings.maxTokenLength();
    }

    private static JwtParser parser(String secret, JwtSettings settings, Clock clock) {
        return Jwts.parser()
                .verifyWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)))
                .requireIssuer(settings.issuer())
                .requireAudience(settings.audience())
                .clockSkewSeconds(settings.clockSkew().toSeconds())
                .clock(() -> Date.from(clock.instant()))
                .build();
    }

    @Override
    public TokenCheck verifyAccess(String token) {
        return verify(accessParser, token, "access");
    }

    @Override
    public TokenCheck verifyRefresh(String token) {
        return verify(refreshParser, token, "refresh");
    }

    private TokenCheck verify(JwtParser parser, String token, String expectedType) {
        if (token == null || token.isEmpty()) {
            return new TokenCheck.Rejected(TokenRejection.MALFORMED);
        }
        if (token.length() > maxTokenLength) {
            return new TokenCheck.Rejected(TokenRejection.TOO_LARGE);
        }
        Jws<Claims> jws;
        try {
            jws = parser.parseSignedClaims(token);
        } catch (ExpiredJwtException e) {
            return new TokenCheck.Rejected(TokenRejection.EXPIRED);
        } catch (PrematureJwtException e) {
            return new TokenCheck.Rejected(TokenRejection.NOT_YET_VALID);
        } catch (IncorrectClaimException | MissingClaimException e) {
            String claim = e instanceof IncorrectClaimException ice ? ice.getClaimName()
                    : ((MissingClaimException) e).getClaimName();
            return new TokenCheck.Rejected(switch (claim) {
                case Claims.ISSUER -> TokenRejection.WRONG_ISSUER;
                case Claims.AUDIENCE -> TokenRejection.WRONG_AUDIENCE;
                default -> TokenRejection.MISSING_CLAIM;
            });
        } catch (SecurityException e) {
            return new TokenCheck.Rejected(TokenRejection.BAD_SIGNATURE);
        } catch (JwtException | IllegalArgumentException e) {
            return new TokenCheck.Rejected(TokenRejection.MALFORMED);
        }
        if (!PINNED_ALGORITHM.equals(jws.getHeader().getAlgorithm())) {
            return new TokenCheck.Rejected(TokenRejection.UNSUPPORTED_ALGORITHM);
        }
        Claims claims = jws.getPayload();
        if (!expectedType.equals(claims.get(TYPE_CLAIM))) {
            return new TokenCheck.Rejected(TokenRejection.WRONG_TYPE);
        }
        String subject = claims.getSubject();
        String session = claims.get(SESSION_CLAIM) instanceof String sid ? sid : null;
        String tokenId = claims.getId();
        Date expiry = claims.getExpiration();
        if (isBlank(subject) || isBlank(session) || isBlank(tokenId) || expiry == null) {
            return new TokenCheck.Rejected(TokenRejection.MISSING_CLAIM);
        }
        return new TokenCheck.Verified(new TokenClaims(new UserId(subject), new SessionId(session), tokenId,
                expiry.toInstant()));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
