package com.ticketing.gateway.adapter.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JwtSettingsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final String REFRESH = "fedcba9876543210fedcba9876543210";
    private static final JwksSettings JWKS = JwksSettings.of(URI.create("https://auth.example/.well-known/jwks.json"));

    private static JwtSettings settings(String accessSecret, JwtAlgorithm algorithm, JwksSettings jwks) {
        return new JwtSettings(accessSecret, REFRESH, JwtSettings.DEFAULT_ISSUER, JwtSettings.DEFAULT_AUDIENCE,
                JwtSettings.DEFAULT_CLOCK_SKEW, JwtSettings.DEFAULT_MAX_TOKEN_LENGTH, algorithm, jwks,
                TokenCacheSettings.DEFAULT);
    }

    @Test
    void defaultsToHs256WithTheVerifiedTokenCache() {
        JwtSettings settings = new JwtSettings(SECRET, REFRESH, "iss", "aud", Duration.ofSeconds(30), 4096);

        assertThat(settings.algorithm()).isEqualTo(JwtAlgorithm.HS256);
        assertThat(settings.jwks()).isNull();
        assertThat(settings.verifiedCache()).isEqualTo(TokenCacheSettings.DEFAULT);
    }

    @Test
    void keySetAlgorithmsNeedAJwksUrlButNoAccessSecret() {
        assertThat(settings(null, JwtAlgorithm.RS256, JWKS).jwks()).isEqualTo(JWKS);
        assertThatIllegalArgumentException().isThrownBy(() -> settings(null, JwtAlgorithm.ES256, null))
                .withMessageContaining("JWT_JWKS_URL");
    }

    @Test
    void hs256RefusesAJwksUrlAndNeedsAStrongSecret() {
        assertThatIllegalArgumentException().isThrownBy(() -> settings(SECRET, JwtAlgorithm.HS256, JWKS))
                .withMessageContaining("JWT_JWKS_URL");
        assertThatIllegalArgumentException().isThrownBy(() -> settings("short", JwtAlgorithm.HS256, null))
                .withMessageContaining("JWT_SECRET");
    }

    @Test
    void refreshSecretIsRequiredWhateverTheAlgorithm() {
        assertThatIllegalArgumentException().isThrownBy(() -> new JwtSettings(null, null, "iss", "aud",
                Duration.ofSeconds(30), 4096, JwtAlgorithm.RS256, JWKS, TokenCacheSettings.DEFAULT))
                .withMessageContaining("JWT_REFRESH_SECRET");
    }

    @Test
    void algorithmSettingIsReadCaseInsensitivelyAndRefusesNone() {
        assertThat(JwtAlgorithm.fromSetting(" rs256 ")).isEqualTo(JwtAlgorithm.RS256);
        assertThatIllegalArgumentException().isThrownBy(() -> JwtAlgorithm.fromSetting("none"))
                .withMessageContaining("JWT_ALGORITHM");
    }

    @Test
    void jwksUrlMustBeAbsoluteHttp() {
        assertThatIllegalArgumentException().isThrownBy(() -> JwksSettings.of(URI.create("file:///etc/jwks.json")))
                .withMessageContaining("JWT_JWKS_URL");
        assertThatIllegalArgumentException().isThrownBy(() -> JwksSettings.of(URI.create("/jwks.json")))
                .withMessageContaining("JWT_JWKS_URL");
    }

    @Test
    void jwksIntervalsMustBePositiveAndTheTimeoutShort() {
        URI url = JWKS.url();
        assertThatIllegalArgumentException().isThrownBy(() -> new JwksSettings(url, Duration.ZERO,
                Duration.ofSeconds(30), Duration.ofSeconds(2))).withMessageContaining("JWT_JWKS_REFRESH_MS");
        assertThatIllegalArgumentException().isThrownBy(() -> new JwksSettings(url, Duration.ofMinutes(5),
                Duration.ZERO, Duration.ofSeconds(2))).withMessageContaining("JWT_JWKS_MIN_REFETCH_MS");
        assertThatIllegalArgumentException().isThrownBy(() -> new JwksSettings(url, Duration.ofMinutes(5),
                Duration.ofSeconds(30), Duration.ofMinutes(1))).withMessageContaining("JWT_JWKS_TIMEOUT_MS");
    }

    @Test
    void toStringHoldsNoSecret() {
        assertThat(settings(SECRET, JwtAlgorithm.HS256, null).toString()).doesNotContain(SECRET, REFRESH);
    }
}
