package com.ticketing.gateway.adapter.jwt;

import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.NOW;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.accessClaims;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.b64;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.claims;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.header;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.hs256;
import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.TokenCheck;
import com.ticketing.gateway.domain.model.TokenRejection;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HS256 configuration: what the platform's stub auth service issues. */
class JwtTokenVerifierTest {

    private static final TokenCheck MALFORMED = new TokenCheck.Rejected(TokenRejection.MALFORMED);
    private static final TokenCheck UNSUPPORTED_ALGORITHM =
            new TokenCheck.Rejected(TokenRejection.UNSUPPORTED_ALGORITHM);

    private final String accessSecret = HandMadeTokens.randomSecret();
    private final String refreshSecret = HandMadeTokens.randomSecret();
    private final RecordingListener listener = new RecordingListener();
    private final JwtTokenVerifier verifier = new JwtTokenVerifier(new JwtSettings(accessSecret, refreshSecret,
            "ticketing-auth", "ticketing-gateway", Duration.ofSeconds(30), 4096), Clock.fixed(NOW, ZoneOffset.UTC),
            listener);

    private static SecretKey key(String secret) {
        return Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
    }

    private JwtBuilder token(String type) {
        return Jwts.builder().subject("user-1").claim("sid", "session-1").claim("typ", type).id("jti-1")
                .issuer("ticketing-auth").audience().add("ticketing-gateway").and()
                .issuedAt(Date.from(NOW.minusSeconds(60))).expiration(Date.from(NOW.plusSeconds(600)));
    }

    private String signedAccess(String headerJson) {
        return hs256(accessSecret, headerJson, accessClaims());
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
    void acceptsAValidRefreshTokenSignedWithTheRefreshSecret() {
        String refresh = hs256(refreshSecret, header("HS256", null), claims("refresh", NOW.plusSeconds(3600)));

        assertThat(verifier.verifyRefresh(refresh)).isInstanceOf(TokenCheck.Verified.class);
    }

    @Test
    void refusesARefreshTokenPresentedAsAccessToken() {
        String refresh = token("refresh").signWith(key(accessSecret), Jwts.SIG.HS256).compact();

        assertThat(verifier.verifyAccess(refresh)).isEqualTo(new TokenCheck.Rejected(TokenRejection.WRONG_TYPE));
    }

    @Test
    void refusesAnAccessTokenPresentedAsRefreshToken() {
        String access = hs256(refreshSecret, header("HS256", null), accessClaims());

        assertThat(verifier.verifyRefresh(access)).isEqualTo(new TokenCheck.Rejected(TokenRejection.WRONG_TYPE));
    }

    @Test
    void refusesAnAccessTokenSignedWithTheRefreshSecret() {
        String token = token("access").signWith(key(refreshSecret), Jwts.SIG.HS256).compact();

        assertThat(verifier.verifyAccess(token)).isEqualTo(new TokenCheck.Rejected(TokenRejection.BAD_SIGNATURE));
    }

    @Test
    void refusesARefreshTokenSignedWithTheAccessSecret() {
        String refresh = hs256(accessSecret, header("HS256", null), claims("refresh", NOW.plusSeconds(3600)));

        assertThat(verifier.verifyRefresh(refresh)).isEqualTo(new TokenCheck.Rejected(TokenRejection.BAD_SIGNATURE));
    }

    @Test
    void refusesAnExpiredTokenBeyondTheSkew() {
        String token = token("access").expiration(Date.from(NOW.minusSeconds(31)))
                .signWith(key(accessSecret), Jwts.SIG.HS256).compact();

        assertThat(verifier.verifyAccess(token)).isEqualTo(new TokenCheck.Rejected(TokenRejection.EXPIRED));
    }

    /** RFC 7519 §4.1.4: not accepted on or after exp; the skew is for clocks ahead (nbf, iat), not for a token's end. */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 29})
    void refusesATokenFromItsExpiryOnWithinTheSkewToo(long secondsAgo) {
        String token = token("access").expiration(Date.from(NOW.minusSeconds(secondsAgo)))
                .signWith(key(accessSecret), Jwts.SIG.HS256).compact();

        assertThat(verifier.verifyAccess(token)).isEqualTo(new TokenCheck.Rejected(TokenRejection.EXPIRED));
    }

    /** RFC 7515 §2: base64url without padding; a copy a lenient decoder reads the same is still not the token. */
    @Test
    void refusesAPaddedOrNonCanonicalCopyOfAValidToken() {
        String token = token("access").signWith(key(accessSecret), Jwts.SIG.HS256).compact();
        String signature = token.substring(token.lastIndexOf('.') + 1);
        assertThat(signature).hasSize(43); // 32 bytes: the last character carries two unused bits
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);
        String sameBytes = token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);

        assertThat(verifier.verifyAccess(token)).isInstanceOf(TokenCheck.Verified.class);
        for (String copy : List.of(token + "=", token + "==", sameBytes, token.replace('-', '+'))) {
            if (!copy.equals(token)) {
                assertThat(verifier.verifyAccess(copy)).as(copy).isEqualTo(MALFORMED);
            }
        }
    }

    @Test
    void acceptsATokenUpToItsExpiry() {
        String token = token("access").expiration(Date.from(NOW.plusSeconds(1)))
                .signWith(key(accessSecret), Jwts.SIG.HS256).compact();

        assertThat(verifier.verifyAccess(token)).isInstanceOf(TokenCheck.Verified.class);
    }

    @Test
    void refusesATokenNotYetValid() {
        String token = token("access").notBefore(Date.from(NOW.plusSeconds(120)))
                .signWith(key(accessSecret), Jwts.SIG.HS256).compact();

        assertThat(verifier.verifyAccess(token)).isEqualTo(new TokenCheck.Rejected(TokenRejection.NOT_YET_VALID));
    }

    @Test
    void refusesATokenIssuedLaterThanNowPlusTheSkew() {
        String token = token("access").issuedAt(Date.from(NOW.plusSeconds(31)))
                .signWith(key(accessSecret), Jwts.SIG.HS256).compact();

        assertThat(verifier.verifyAccess(token)).isEqualTo(new TokenCheck.Rejected(TokenRejection.ISSUED_IN_FUTURE));
        assertThat(listener.rejected(TokenRejection.ISSUED_IN_FUTURE)).isEqualTo(1);
    }

    @Test
    void acceptsATokenIssuedWithinTheSkewAhead() {
        String token = token("access").issuedAt(Date.from(NOW.plusSeconds(30)))
                .signWith(key(accessSecret), Jwts.SIG.HS256).compact();

        assertThat(verifier.verifyAccess(token)).isInstanceOf(TokenCheck.Verified.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp", "nbf", "iat"})
    void refusesANumericDateClaimWrittenAsAString(String claim) {
        long seconds = (claim.equals("exp") ? NOW.plusSeconds(600) : NOW.minusSeconds(60)).getEpochSecond();
        String claims = accessClaims().replaceFirst("\\}$", ",\"nbf\":" + NOW.minusSeconds(60).getEpochSecond() + "}")
                .replace("\"" + claim + "\":" + seconds, "\"" + claim + "\":\"" + seconds + "\"");
        assertThat(claims).contains("\"" + claim + "\":\"");

        assertThat(verifier.verifyAccess(hs256(accessSecret, header("HS256", null), claims))).isEqualTo(MALFORMED);
        assertThat(verifier.verifyRefresh(hs256(refreshSecret, header("HS256", null),
                claims.replace("\"typ\":\"access\"", "\"typ\":\"refresh\"")))).isEqualTo(MALFORMED);
    }

    @Test
    void acceptsNumericDatesWrittenAsNumbers() {
        String claims = accessClaims().replaceFirst("\\}$", ",\"nbf\":" + NOW.minusSeconds(60).getEpochSecond() + "}");

        assertThat(verifier.verifyAccess(hs256(accessSecret, header("HS256", null), claims)))
                .isInstanceOf(TokenCheck.Verified.class);
    }

    @Test
    void refusesAnotherHmacAlgorithmThanTheConfiguredOne() {
        String token = token("access").signWith(key(accessSecret + accessSecret), Jwts.SIG.HS512).compact();

        assertThat(verifier.verifyAccess(token)).isEqualTo(UNSUPPORTED_ALGORITHM);
    }

    @Test
    void refusesAlgNone() {
        String unsigned = HandMadeTokens.unsigned(header("none", null), accessClaims());

        assertThat(verifier.verifyAccess(unsigned)).isEqualTo(UNSUPPORTED_ALGORITHM);
    }

    @Test
    void refusesAlgNoneCapitalised() {
        String unsigned = HandMadeTokens.unsigned(header("None", null), accessClaims());

        assertThat(verifier.verifyAccess(unsigned)).isEqualTo(UNSUPPORTED_ALGORITHM);
    }

    @Test
    void refusesAlgNoneEvenWithAValidHmacAttached() {
        assertThat(verifier.verifyAccess(signedAccess(header("none", null)))).isEqualTo(UNSUPPORTED_ALGORITHM);
    }

    @Test
    void refusesAnUnsignedTokenBuiltByJjwt() {
        assertThat(verifier.verifyAccess(token("access").compact())).isEqualTo(UNSUPPORTED_ALGORITHM);
    }

    @Test
    void refusesAnRs256TokenWhenHs256IsConfigured() {
        String token = HandMadeTokens.rs256(HandMadeTokens.rsaKeyPair().getPrivate(), header("RS256", "k1"), accessClaims());

        assertThat(verifier.verifyAccess(token)).isEqualTo(UNSUPPORTED_ALGORITHM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"jku\":\"https://attacker.example/jwks.json\"", "\"x5u\":\"https://attacker.example/c.pem\"",
            "\"jwk\":{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}", "\"x5c\":[\"MIIBIjANBg\"]", "\"crit\":[\"exp\"],\"exp\":1",
            "\"b64\":false", "\"zip\":\"DEF\""})
    void refusesKeyCarryingAndExtensionHeadersEvenWhenTheSignatureIsValid(String member) {
        assertThat(verifier.verifyAccess(signedAccess(header("HS256", null, member))))
                .isEqualTo(new TokenCheck.Rejected(HeaderPolicy.REFUSED_HEADER));
    }

    @Test
    void acceptsAnyKidWithTheSharedSecret() {
        assertThat(verifier.verifyAccess(signedAccess(header("HS256", "whatever"))))
                .isInstanceOf(TokenCheck.Verified.class);
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
    void refusesEmptyAndOversizedTokens() {
        assertThat(verifier.verifyAccess("")).isEqualTo(MALFORMED);
        assertThat(verifier.verifyAccess(null)).isEqualTo(MALFORMED);
        assertThat(verifier.verifyAccess("a".repeat(4097))).isEqualTo(new TokenCheck.Rejected(TokenRejection.TOO_LARGE));
        assertThat(verifier.verifyRefresh("a".repeat(4097))).isEqualTo(new TokenCheck.Rejected(TokenRejection.TOO_LARGE));
    }

    @Test
    void refusesTwoSegmentsAsMalformed() {
        String valid = signedAccess(header("HS256", null));

        assertThat(verifier.verifyAccess(valid.substring(0, valid.lastIndexOf('.')))).isEqualTo(MALFORMED);
        assertThat(verifier.verifyAccess("abc.def")).isEqualTo(MALFORMED);
    }

    @Test
    void refusesFourSegmentsAsMalformed() {
        assertThat(verifier.verifyAccess(signedAccess(header("HS256", null)) + ".extra")).isEqualTo(MALFORMED);
    }

    @Test
    void refusesFiveSegmentsOfAnEncryptedTokenAsMalformed() {
        String jwe = b64("{\"alg\":\"dir\",\"enc\":\"A256GCM\"}") + "..iv.ciphertext.tag";

        assertThat(verifier.verifyAccess(jwe)).isEqualTo(MALFORMED);
    }

    @Test
    void refusesAHeaderThatIsNotBase64UrlAsMalformed() {
        String valid = signedAccess(header("HS256", null));

        assertThat(verifier.verifyAccess("e30+/*" + valid.substring(valid.indexOf('.')))).isEqualTo(MALFORMED);
    }

    @Test
    void refusesAHeaderThatIsNotJsonAsMalformed() {
        assertThat(verifier.verifyAccess(signedAccess("alg=HS256"))).isEqualTo(MALFORMED);
    }

    @Test
    void refusesAHeaderThatIsAJsonArrayAsMalformed() {
        assertThat(verifier.verifyAccess(signedAccess("[\"HS256\"]"))).isEqualTo(MALFORMED);
    }

    @Test
    void refusesAHeaderWithoutAlgAsMalformed() {
        assertThat(verifier.verifyAccess(signedAccess("{\"typ\":\"JWT\"}"))).isEqualTo(MALFORMED);
    }

    @Test
    void refusesAHeaderNamingAlgTwiceAsMalformed() {
        assertThat(verifier.verifyAccess(signedAccess("{\"alg\":\"HS256\",\"alg\":\"none\"}"))).isEqualTo(MALFORMED);
    }

    @Test
    void refusesAHeaderWithTrailingGarbageAsMalformed() {
        assertThat(verifier.verifyAccess(signedAccess(header("HS256", null) + "{}"))).isEqualTo(MALFORMED);
    }

    @Test
    void refusesAnEmptySignatureAsMalformed() {
        String valid = signedAccess(header("HS256", null));

        assertThat(verifier.verifyAccess(valid.substring(0, valid.lastIndexOf('.') + 1))).isEqualTo(MALFORMED);
    }

    @Test
    void refusesASignatureThatIsNotBase64UrlAsMalformed() {
        String valid = signedAccess(header("HS256", null));

        assertThat(verifier.verifyAccess(valid.substring(0, valid.lastIndexOf('.') + 1) + "%%%"))
                .isEqualTo(MALFORMED);
    }

    @Test
    void refusesAPayloadThatIsNotJsonAsMalformed() {
        String token = hs256(accessSecret, header("HS256", null), "not json");

        assertThat(verifier.verifyAccess(token)).isEqualTo(MALFORMED);
    }

    @Test
    void refusesATokenWithoutSession() {
        String token = Jwts.builder().subject("user-1").claim("typ", "access").id("j").issuer("ticketing-auth")
                .audience().add("ticketing-gateway").and().expiration(Date.from(NOW.plusSeconds(60)))
                .signWith(key(accessSecret), Jwts.SIG.HS256).compact();

        assertThat(verifier.verifyAccess(token)).isEqualTo(new TokenCheck.Rejected(TokenRejection.MISSING_CLAIM));
    }

    @Test
    void reportsEveryRejectionWithItsReason() {
        verifier.verifyAccess(HandMadeTokens.unsigned(header("none", null), accessClaims()));
        verifier.verifyAccess("abc.def");
        verifier.verifyRefresh("abc.def");

        assertThat(listener.rejected(TokenRejection.UNSUPPORTED_ALGORITHM)).isEqualTo(1);
        assertThat(listener.rejected(TokenRejection.MALFORMED)).isEqualTo(2);
    }
}
