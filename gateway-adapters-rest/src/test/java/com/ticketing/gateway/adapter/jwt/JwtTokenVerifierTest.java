package com.ticketing.gateway.adapter.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.TokenCheck;
import com.ticketing.gateway.domain.model.TokenRejection;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class JwtTokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private final String accessSecret = randomSecret();
    private final String refreshSecret = randomSecret();
    private final JwtTokenVerifier verifier = new JwtTokenVerifier(new JwtSettings(accessSecret, refreshSecret,
            "ticketing-auth", "ticketing-gateway", Duration.ofSeconds(30), 4096), Clock.fixed(NOW, ZoneOffset.UTC));

    private static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static SecretKey key(String secret) {
        return Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
    }

    private JwtBuilder token(String type) {
        return Jwts.builder().subject("user-1").claim("sid", "session-1").claim("typ", type).id("jti-1")
                .issuer("ticketing-auth").audience().add("ticketing-gateway").and()
                .issuedAt(Date.from(NOW.minusSeconds(60))).expiration(Date.from(NOW.plusSeconds(600)));
    }

    @Test
    void acceptsAValidAccessToken() {
        TokenCheck check = verifier.verifyAccess(token("access").signWith(key(accessSecret), Jwts.SIG.HS256).compact());

        assertThat(check).isInstanceOfSatisfying(TokenCheck.Verified.class, v -> {
            assertThat(v.claims().userId().value()).isEqualTo("user-1");
            assertThat(v.claims().sessionId().value()).isEqualTo("session-1");
            assertThat(v.claims().tokenId()).isEqualTo("jti-1");
            assertThat(v.claims().expiresAt()).isEqualTo(NOW.plusSeconds(600));
        });
    }

    @Test
    void refusesARefreshTokenPresentedAsAccessToken() {
        String refresh = token("refresh").signWith(key(accessSecret), Jwts.SIG.HS256).compact();

        assertThat(verifier.verifyAccess(refresh)).isEqualTo(new TokenCheck.Rejected(TokenRejection.WRONG_TYPE));
    }

    @Test
    void refusesAnAccessTokenSignedWithTheRefreshSecret() {
        String token = token("access").signWith(key(refreshSecret), Jwts.SIG.HS256).compact();

        assertThat(verifier.verifyAccess(token)).isEqualTo(new TokenCheck.Rejected(TokenRejection.BAD_SIGNATURE));
    }

    @Test
    void refusesAnExpiredTokenBeyondTheSkew() {
        String token = token("access").expiration(Date.from(NOW.minusSeconds(31)))
                .signWith(key(accessSecret), Jwts.SIG.HS256).compact();

        assertThat(verifier.verifyAccess(token)).isEqualTo(new TokenCheck.Rejected(TokenRejection.EXPIRED));
    }

    @Test
    void refusesATokenNotYetValid() {
        String token = token("access").notBefore(Date.from(NOW.plusSeconds(120)))
                .signWith(key(accessSecret), Jwts.SIG.HS256).compact();

        assertThat(verifier.verifyAccess(token)).isEqualTo(new TokenCheck.Rejected(TokenRejection.NOT_YET_VALID));
    }

    @Test
    void refusesAnotherAlgorithmThanTheConfiguredOne() {
        String token = token("access").signWith(key(accessSecret + accessSecret), Jwts.SIG.HS512).compact();

        assertThat(verifier.verifyAccess(token)).isInstanceOf(TokenCheck.Rejected.class);
    }

    @Test
    void refusesAnUnsignedToken() {
        String unsigned = token("access").compact();

        assertThat(verifier.verifyAccess(unsigned)).isInstanceOf(TokenCheck.Rejected.class);
    }

    @Test
    void refusesWrongIssuerAndAudience() {
        String issuer = token("access").issuer("someone-else").signWith(key(accessSecret), Jwts.SIG.HS256).compact();
        String audience = Jwts.builder().subject("user-1").claim("sid", "s").claim("typ", "access").id("j")
                .issuer("ticketing-auth").audience().add("other").and().expiration(Date.from(NOW.plusSeconds(60)))
                .signWith(key(accessSecret), Jwts.SIG.HS256).compact();

        assertThat(verifier.verifyAccess(issuer)).isEqualTo(new TokenCheck.Rejected(TokenRejection.WRONG_ISSUER));
        assertThat(verifier.verifyAccess(audience)).isEqualTo(new TokenCheck.Rejected(TokenRejection.WRONG_AUDIENCE));
    }

    @Test
    void refusesMalformedAndOversizedTokens() {
        assertThat(verifier.verifyAccess("abc.def")).isEqualTo(new TokenCheck.Rejected(TokenRejection.MALFORMED));
        assertThat(verifier.verifyAccess("")).isEqualTo(new TokenCheck.Rejected(TokenRejection.MALFORMED));
        assertThat(verifier.verifyAccess("a".repeat(5000))).isEqualTo(new TokenCheck.Rejected(TokenRejection.TOO_LARGE));
    }

    @Test
    void refusesATokenWithoutSession() {
        String token = Jwts.builder().subject("user-1").claim("typ", "access").id("j").issuer("ticketing-auth")
                .audience().add("ticketing-gateway").and().expiration(Date.from(NOW.plusSeconds(60)))
                .signWith(key(accessSecret), Jwts.SIG.HS256).compact();

        assertThat(verifier.verifyAccess(token)).isEqualTo(new TokenCheck.Rejected(TokenRejection.MISSING_CLAIM));
    }
}
