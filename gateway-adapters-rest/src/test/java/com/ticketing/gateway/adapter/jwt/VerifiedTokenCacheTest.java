package com.ticketing.gateway.adapter.jwt;

import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.AUDIENCE;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.ISSUER;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.NOW;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.claims;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.header;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.hs256;
import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.TokenCheck;
import com.ticketing.gateway.domain.model.TokenRejection;
import com.ticketing.gateway.domain.testing.MutableClock;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The verified-token cache, seen through the verifier; signature verifications are counted as key lookups. */
class VerifiedTokenCacheTest {

    private final MutableClock clock = new MutableClock(NOW);
    private final String accessSecret = HandMadeTokens.randomSecret();
    private final CountingKeys keys = new CountingKeys(Keys.hmacShaKeyFor(accessSecret.getBytes(StandardCharsets.UTF_8)));
    private final RecordingListener listener = new RecordingListener();

    /** Every signature verification asks for the key exactly once. */
    private static final class CountingKeys implements VerificationKeys {
        private final Lookup found;
        private final AtomicInteger lookups = new AtomicInteger();
        private volatile long revocations;

        CountingKeys(Key key) {
            this.found = new Lookup.Found(key);
        }

        @Override
        public Lookup find(String keyId) {
            lookups.incrementAndGet();
            return found;
        }

        @Override
        public long revocations() {
            return revocations;
        }
    }

    private JwtTokenVerifier verifier(TokenCacheSettings cache) {
        return new JwtTokenVerifier(new JwtSettings(accessSecret, HandMadeTokens.randomSecret(), ISSUER, AUDIENCE,
                Duration.ofSeconds(30), 4096, JwtAlgorithm.HS256, null, cache), clock, listener, keys);
    }

    private JwtTokenVerifier verifier() {
        return verifier(TokenCacheSettings.DEFAULT);
    }

    private String access(Instant expiresAt) {
        return hs256(accessSecret, header("HS256", null), claims("access", expiresAt));
    }

    @Test
    void cachedValidTokenIsNotVerifiedAgain() {
        JwtTokenVerifier verifier = verifier();
        String token = access(NOW.plusSeconds(600));

        TokenCheck first = verifier.verifyAccess(token);
        TokenCheck second = verifier.verifyAccess(token);

        assertThat(second).isInstanceOf(TokenCheck.Verified.class).isEqualTo(first);
        assertThat(keys.lookups).hasValue(1);
        assertThat(listener.fromCache()).isEqualTo(1);
    }

    @Test
    void cachedTokenExpiresAtItsExp() {
        JwtTokenVerifier verifier = verifier();
        String token = access(NOW.plusSeconds(45));
        verifier.verifyAccess(token);

        clock.advance(Duration.ofSeconds(44));
        verifier.verifyAccess(token);
        assertThat(keys.lookups).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        verifier.verifyAccess(token);
        assertThat(keys.lookups).hasValue(2);
    }

    @Test
    void verificationIsReusedForAtMostTheMaximumAge() {
        JwtTokenVerifier verifier = verifier();
        String token = access(NOW.plusSeconds(600));
        verifier.verifyAccess(token);

        clock.advance(TokenCacheSettings.DEFAULT_MAX_AGE.minusSeconds(1));
        verifier.verifyAccess(token);
        assertThat(keys.lookups).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        verifier.verifyAccess(token);
        assertThat(keys.lookups).hasValue(2);
    }

    @Test
    void rejectedTokensAreVerifiedEveryTime() {
        JwtTokenVerifier verifier = verifier();
        String forged = hs256(HandMadeTokens.randomSecret(), header("HS256", null), claims("access", NOW.plusSeconds(600)));

        verifier.verifyAccess(forged);
        TokenCheck again = verifier.verifyAccess(forged);

        assertThat(again).isEqualTo(new TokenCheck.Rejected(TokenRejection.BAD_SIGNATURE));
        assertThat(keys.lookups).hasValue(2);
    }

    @Test
    void refreshTypedTokensAreNotCachedAsAccessTokens() {
        JwtTokenVerifier verifier = verifier();
        String refresh = hs256(accessSecret, header("HS256", null), claims("refresh", NOW.plusSeconds(600)));

        verifier.verifyAccess(refresh);

        assertThat(verifier.verifyAccess(refresh)).isEqualTo(new TokenCheck.Rejected(TokenRejection.WRONG_TYPE));
        assertThat(keys.lookups).hasValue(2);
    }

    @Test
    void cachedAccessTokenIsNotAcceptedAsARefreshToken() {
        JwtTokenVerifier verifier = verifier();
        String token = access(NOW.plusSeconds(600));
        verifier.verifyAccess(token);

        assertThat(verifier.verifyRefresh(token)).isInstanceOf(TokenCheck.Rejected.class);
    }

    @Test
    void revokedKeyDropsCachedVerifications() {
        JwtTokenVerifier verifier = verifier();
        String token = access(NOW.plusSeconds(600));
        verifier.verifyAccess(token);

        keys.revocations = 1;
        verifier.verifyAccess(token);

        assertThat(keys.lookups).hasValue(2);
    }

    @Test
    void disabledCacheVerifiesEveryTime() {
        JwtTokenVerifier verifier = verifier(TokenCacheSettings.DISABLED);
        String token = access(NOW.plusSeconds(600));

        verifier.verifyAccess(token);
        verifier.verifyAccess(token);

        assertThat(keys.lookups).hasValue(2);
        assertThat(verifier.cachedTokens()).isZero();
    }

    @Test
    void holdsAtMostTheMaximumNumberOfTokens() {
        JwtTokenVerifier verifier = verifier(new TokenCacheSettings(10, Duration.ofSeconds(60)));

        for (int i = 0; i < 25; i++) {
            String token = hs256(accessSecret, header("HS256", null), claims("access", "jti-" + i, NOW.plusSeconds(600)));
            assertThat(verifier.verifyAccess(token)).isInstanceOf(TokenCheck.Verified.class);
            assertThat(verifier.cachedTokens()).isLessThanOrEqualTo(10);
        }
    }

    @Test
    void recordsHitsAndMissesForTheCacheMetrics() {
        JwtTokenVerifier verifier = verifier(new TokenCacheSettings(10, Duration.ofSeconds(60)));
        String token = hs256(accessSecret, header("HS256", null), claims("access", "jti-stats", NOW.plusSeconds(600)));

        verifier.verifyAccess(token);
        verifier.verifyAccess(token);

        var stats = verifier.verifiedTokenCache().orElseThrow().stats();
        assertThat(stats.missCount()).isEqualTo(1);
        assertThat(stats.hitCount()).isEqualTo(1);
        assertThat(verifier(TokenCacheSettings.DISABLED).verifiedTokenCache()).isEmpty();
    }
}
