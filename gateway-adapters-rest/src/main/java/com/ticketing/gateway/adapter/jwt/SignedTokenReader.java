package com.ticketing.gateway.adapter.jwt;

import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.TokenCheck;
import com.ticketing.gateway.domain.model.TokenClaims;
import com.ticketing.gateway.domain.model.TokenRejection;
import com.ticketing.gateway.domain.model.UserId;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.security.SecurityException;
import java.security.Key;
import java.time.Clock;
import java.util.Date;

/**
 * Verifies one type of token: the {@link HeaderPolicy} first, then jjwt with only the pinned
 * algorithm enabled (no JWE, no compression, no unsecured JWS) and the key the token's {@code kid}
 * names, then the claims the platform needs. Never throws for a bad token. Thread-safe.
 */
final class SignedTokenReader {

    private static final String TYPE_CLAIM = "typ";
    private static final String SESSION_CLAIM = "sid";

    private final HeaderPolicy headerPolicy;
    private final VerificationKeys keys;
    private final JwtParser parser;
    private final String expectedType;
    private final Clock clock;
    private final java.time.Duration clockSkew;

    SignedTokenReader(JwtAlgorithm algorithm, VerificationKeys keys, String expectedType, JwtSettings settings,
                      Clock clock) {
        this.headerPolicy = new HeaderPolicy(algorithm);
        this.keys = keys;
        this.expectedType = expectedType;
        this.clock = clock;
        this.clockSkew = settings.clockSkew();
        this.parser = Jwts.parser()
                .sig().clear().add(algorithm.signature()).and()
                .key().clear().and()
                .enc().clear().and()
                .zip().clear().and()
                .json(new NumericDateDeserializer())
                .keyLocator(this::locate)
                .requireIssuer(settings.issuer())
                .requireAudience(settings.audience())
                .clockSkewSeconds(settings.clockSkew().toSeconds())
                .clock(() -> Date.from(clock.instant()))
                .build();
    }

    TokenCheck read(String token) {
        if (headerPolicy.check(token) instanceof HeaderPolicy.Result.Refused refused) {
            return new TokenCheck.Rejected(refused.reason());
        }
        Claims claims;
        try {
            claims = parser.parseSignedClaims(token).getPayload();
        } catch (KeyRefused e) {
            return new TokenCheck.Rejected(e.reason);
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
        return claimsOf(claims);
    }

    private TokenCheck claimsOf(Claims claims) {
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
        if (!clock.instant().isBefore(expiry.toInstant())) {
            // jjwt lets exp run on by the skew too; that would only lengthen every token's life. A
            // skew is for an issuer's clock ahead of ours (nbf, iat), not for a token past its end.
            return new TokenCheck.Rejected(TokenRejection.EXPIRED);
        }
        Date issuedAt = claims.getIssuedAt();
        if (issuedAt != null && issuedAt.toInstant().isAfter(clock.instant().plus(clockSkew))) {
            // jjwt checks exp and nbf only; a token issued in the future was minted by a wrong clock or a forger.
            return new TokenCheck.Rejected(TokenRejection.ISSUED_IN_FUTURE);
        }
        return new TokenCheck.Verified(new TokenClaims(new UserId(subject), new SessionId(session), tokenId,
                expiry.toInstant()));
    }

    /** Called by jjwt after the header is parsed and before the signature is checked. */
    private Key locate(Header header) {
        String keyId = header instanceof ProtectedHeader protectedHeader ? protectedHeader.getKeyId() : null;
        return switch (keys.find(keyId)) {
            case VerificationKeys.Lookup.Found found -> found.key();
            case VerificationKeys.Lookup.Unknown unknown -> throw new KeyRefused(TokenRejection.BAD_SIGNATURE);
            case VerificationKeys.Lookup.SourceUnavailable unavailable ->
                    throw new KeyRefused(TokenRejection.KEY_SOURCE_UNAVAILABLE);
        };
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** Carries a key lookup's outcome out of jjwt's key locator callback, which can only return a key or throw. */
    private static final class KeyRefused extends RuntimeException {
        private final transient TokenRejection reason;

        KeyRefused(TokenRejection reason) {
            super(reason.name(), null, false, false);
            this.reason = reason;
        }
    }
}
