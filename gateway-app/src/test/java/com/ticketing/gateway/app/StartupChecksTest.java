package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartupChecksTest {

    private static final String STRONG_A = "a-strong-production-secret-of-enough-length-1";
    private static final String STRONG_B = "another-strong-production-secret-of-length-2";

    private static GatewayProperties properties(String env, String secret, String refresh, List<String> origins) {
        return new GatewayProperties(env, 1024 * 1024,
                new GatewayProperties.Jwt(secret, refresh, "iss", "aud", Duration.ofSeconds(30), "HS256", "",
                        Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(2), 10_000, Duration.ofSeconds(60)),
                null, null, new GatewayProperties.Cors(origins), null, null, null, null, null);
    }

    @Test
    void productionRefusesMissingSecretsNamingEachVariable() {
        assertThatThrownBy(() -> StartupChecks.check(properties("production", "", null, List.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JWT_SECRET must be set in production")
                .hasMessageContaining("JWT_REFRESH_SECRET must be set in production");
    }

    @Test
    void productionRefusesShortSecrets() {
        assertThatThrownBy(() -> StartupChecks.check(properties("production", "short", STRONG_B, List.of())))
                .hasMessageContaining("JWT_SECRET must be at least 32 bytes")
                .hasMessageNotContaining("JWT_REFRESH_SECRET");
    }

    @Test
    void productionRefusesTheDevelopmentDefaults() {
        assertThatThrownBy(() -> StartupChecks.check(properties("production", StartupChecks.DEV_ACCESS_SECRET,
                STRONG_B, List.of())))
                .hasMessageContaining("JWT_SECRET must not be the local-development default");
    }

    @Test
    void productionRefusesOneSecretForBothTokenTypes() {
        assertThatThrownBy(() -> StartupChecks.check(properties("production", STRONG_A, STRONG_A, List.of())))
                .hasMessageContaining("JWT_REFRESH_SECRET must differ from JWT_SECRET");
    }

    @Test
    void productionRefusesWildcardCors() {
        assertThatThrownBy(() -> StartupChecks.check(properties("production", STRONG_A, STRONG_B, List.of("*"))))
                .hasMessageContaining("CORS_ALLOWED_ORIGINS");
    }

    @Test
    void productionAcceptsStrongDistinctSecrets() {
        StartupChecks.Secrets secrets = StartupChecks.check(properties("production", STRONG_A, STRONG_B, List.of()));

        assertThat(secrets.access()).isEqualTo(STRONG_A);
        assertThat(secrets.refresh()).isEqualTo(STRONG_B);
        assertThat(secrets.toString()).doesNotContain(STRONG_A);
    }

    @Test
    void developmentFallsBackToTheLocalSecrets() {
        StartupChecks.Secrets secrets = StartupChecks.check(properties("development", null, "", List.of()));

        assertThat(secrets.access()).isEqualTo(StartupChecks.DEV_ACCESS_SECRET);
        assertThat(secrets.refresh()).isEqualTo(StartupChecks.DEV_REFRESH_SECRET);
    }
}
