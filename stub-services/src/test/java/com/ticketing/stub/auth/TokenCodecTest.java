package com.ticketing.stub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.stub.support.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenCodecTest {

    static final JwtSettings SETTINGS = new JwtSettings(
            "test-access-secret-0123456789abcdef0123456789", "test-refresh-secret-0123456789abcdef012345678",
            "ticketing-auth", "ticketing-gateway", Duration.ofMinutes(15), Duration.ofDays(7));

    private final MutableClock clock = MutableClock.at("2029-06-01T10:00:00Z");
    private final TokenCodec codec = new TokenCodec(SETTINGS, clock);

    @Test
    void issuedTokenVerifiesWithItsClaims() {
        String token = codec.issue(TokenType.ACCESS, "usr-1", "ses-1", "jti-1", clock.instant());

        assertThat(codec.verify(TokenType.ACCESS, token)).contains(new TokenClaims(
                "usr-1", "ses-1", "jti-1", TokenType.ACCESS, Instant.parse("2029-06-01T10:15:00Z")));
    }

    @Test
    void tokenIsHs256WithTheDocumentedClaims() {
        String token = codec.issue(TokenType.REFRESH, "usr-1", "ses-1", "jti-1", clock.instant());
        String[] parts = token.split("\\.");

        assertThat(decode(parts[0])).contains("\"alg\":\"HS256\"");
        assertThat(decode(parts[1])).contains(
                "\"sub\":\"usr-1\"", "\"sid\":\"ses-1\"", "\"jti\":\"jti-1\"", "\"typ\":\"refresh\"",
                "\"iss\":\"ticketing-auth\"", "\"aud\":[\"ticketing-gateway\"]", "\"iat\":", "\"exp\":");
    }

    @Test
    void accessTokenIsNoRefreshTokenAndViceVersa() {
        String access = codec.issue(TokenType.ACCESS, "usr-1", "ses-1", "jti-1", clock.instant());
        String refresh = codec.issue(TokenType.REFRESH, "usr-1", "ses-1", "jti-2", clock.instant());

        assertThat(codec.verify(TokenType.REFRESH, access)).isEmpty();
        assertThat(codec.verify(TokenType.ACCESS, refresh)).isEmpty();
    }

    @Test
    void tokenExpiresAfterItsTtlByTheInjectedClock() {
        String token = codec.issue(TokenType.ACCESS, "usr-1", "ses-1", "jti-1", clock.instant());

        clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        assertThat(codec.verify(TokenType.ACCESS, token)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(codec.verify(TokenType.ACCESS, token)).isEmpty();
    }

    @Test
    void tokensOfAnotherIssuerOrSecretAreRejected() {
        JwtSettings other = new JwtSettings(SETTINGS.accessSecret(), SETTINGS.refreshSecret(), "someone-else",
                SETTINGS.audience(), SETTINGS.accessTtl(), SETTINGS.refreshTtl());
        JwtSettings otherSecret = new JwtSettings("another-access-secret-0123456789abcdef0123",
                SETTINGS.refreshSecret(), SETTINGS.issuer(), SETTINGS.audience(), SETTINGS.accessTtl(),
                SETTINGS.refreshTtl());

        assertThat(codec.verify(TokenType.ACCESS,
                new TokenCodec(other, clock).issue(TokenType.ACCESS, "usr-1", "ses-1", "j", clock.instant()))).isEmpty();
        assertThat(codec.verify(TokenType.ACCESS,
                new TokenCodec(otherSecret, clock).issue(TokenType.ACCESS, "usr-1", "ses-1", "j", clock.instant())))
                .isEmpty();
        assertThat(codec.verify(TokenType.ACCESS, "not.a.token")).isEmpty();
        assertThat(codec.verify(TokenType.ACCESS, "")).isEmpty();
    }

    @Test
    void unsignedTokenIsRejected() {
        String token = codec.issue(TokenType.ACCESS, "usr-1", "ses-1", "jti-1", clock.instant());
        String payload = token.split("\\.")[1];
        String none = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(codec.verify(TokenType.ACCESS, none + "." + payload + ".")).isEmpty();
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
