package com.ticketing.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.stub.tls.TestCertificates;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StubConfigTest {

    @Test
    void defaultsAreTwoInstancesOnTheStandardPortsWithTheDocumentedTimings() {
        StubConfig config = StubConfig.defaults();

        assertThat(config.instancesPerService()).isEqualTo(2);
        assertThat(config.port(StubService.AUTH, 0)).isEqualTo(50051);
        assertThat(config.port(StubService.AUTH, 1)).isEqualTo(50061);
        assertThat(config.port(StubService.BOOKING_WORKER, 1)).isEqualTo(50065);
        assertThat(config.jwtSecret()).isEqualTo("local-dev-access-secret-change-me-0123456789abcdef");
        assertThat(config.jwtRefreshSecret()).isEqualTo("local-dev-refresh-secret-change-me-0123456789abcdef");
        assertThat(config.jwtIssuer()).isEqualTo("ticketing-auth");
        assertThat(config.jwtAudience()).isEqualTo("ticketing-gateway");
        assertThat(config.accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.refreshTokenTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(config.workerPace()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.holdDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.slowPaymentDelay()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void ephemeralPortsAskForAnyFreePort() {
        StubConfig config = StubConfig.defaults().withEphemeralPorts();

        assertThat(config.port(StubService.TICKET, 0)).isZero();
        assertThat(config.port(StubService.TICKET, 1)).isZero();
    }

    @Test
    void invalidSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> StubConfig.defaults().withJwtSecrets("short", "short"))
                .hasMessageContaining("jwtSecret");
        assertThatThrownBy(() -> StubConfig.defaults().withWorkerPace(Duration.ZERO))
                .hasMessageContaining("workerPace");
        assertThatThrownBy(() -> StubConfig.defaults().withInstancesPerService(0))
                .hasMessageContaining("instancesPerService");
        assertThatThrownBy(() -> StubConfig.defaults().withBasePort(StubService.AUTH, 65530))
                .hasMessageContaining("AUTH");
    }

    @Test
    void descriptionNeverShowsTheSecrets() {
        assertThat(StubConfig.defaults().toString()).doesNotContain("local-dev").contains("workerPace=PT0.2S");
    }

    @Test
    void environmentOverridesTheDefaults() {
        StubConfig config = StubEnvironment.read(Map.of(
                "JWT_SECRET", "env-access-secret-0123456789abcdef-0123456789",
                "JWT_ACCESS_TTL_SECONDS", "60",
                "WORKER_PACE_MS", "25",
                "HOLD_DURATION_MS", "5000",
                "SLOW_PAYMENT_DELAY_MS", "0",
                "STUB_INSTANCES", "3",
                "STUB_TICKET_PORT", "0"));

        assertThat(config.jwtSecret()).isEqualTo("env-access-secret-0123456789abcdef-0123456789");
        assertThat(config.jwtRefreshSecret()).isEqualTo(StubConfig.DEFAULT_JWT_REFRESH_SECRET);
        assertThat(config.accessTokenTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.workerPace()).isEqualTo(Duration.ofMillis(25));
        assertThat(config.holdDuration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.slowPaymentDelay()).isZero();
        assertThat(config.instancesPerService()).isEqualTo(3);
        assertThat(config.port(StubService.TICKET, 2)).isZero();
        assertThat(config.port(StubService.PAYMENT, 2)).isEqualTo(50074);
    }

    @Test
    void malformedEnvironmentValuesNameTheVariable() {
        assertThatThrownBy(() -> StubEnvironment.read(Map.of("WORKER_PACE_MS", "fast")))
                .hasMessageContaining("WORKER_PACE_MS");
        assertThatThrownBy(() -> StubEnvironment.read(Map.of("HOLD_DURATION_MS", "0")))
                .hasMessageContaining("HOLD_DURATION_MS");
    }

    @Test
    void plaintextAndTrustedMetadataAreTheDefaults() {
        assertThat(StubConfig.defaults().tls()).isEmpty();
        assertThat(StubConfig.defaults().requireCallerToken()).isFalse();
        assertThat(StubEnvironment.read(Map.of()).tls()).isEmpty();
    }

    @Test
    void environmentTurnsOnMutualTlsAndTheCallerTokenCheck() {
        try (TestCertificates certificates = TestCertificates.create()) {
            StubConfig config = StubEnvironment.read(Map.of(
                    "STUB_TLS_CERT", certificates.server().certificate().toString(),
                    "STUB_TLS_KEY", certificates.server().privateKey().toString(),
                    "STUB_TLS_CLIENT_CA", certificates.ca().toString(),
                    "STUB_REQUIRE_CALLER_TOKEN", "true"));

            assertThat(config.tls()).contains(StubTls.mutual(certificates.server().certificate(),
                    certificates.server().privateKey(), certificates.ca()));
            assertThat(config.requireCallerToken()).isTrue();
            assertThat(config.toString()).contains("tls=mutual", "requireCallerToken=true");
        }
    }

    @Test
    void tlsSettingsThatCannotWorkNameTheVariable() {
        try (TestCertificates certificates = TestCertificates.create()) {
            String certificate = certificates.server().certificate().toString();
            String key = certificates.server().privateKey().toString();
            String missing = certificates.directory().resolve("missing.crt").toString();

            assertThatThrownBy(() -> StubEnvironment.read(Map.of("STUB_TLS_CERT", missing, "STUB_TLS_KEY", key)))
                    .hasMessage("STUB_TLS_CERT must name a readable file: " + missing);
            assertThatThrownBy(() -> StubEnvironment.read(Map.of("STUB_TLS_CERT", certificate)))
                    .hasMessage("STUB_TLS_CERT and STUB_TLS_KEY must be set together");
            assertThatThrownBy(() -> StubEnvironment.read(Map.of("STUB_TLS_CLIENT_CA", certificate)))
                    .hasMessage("STUB_TLS_CLIENT_CA needs STUB_TLS_CERT and STUB_TLS_KEY");
            assertThatThrownBy(() -> StubEnvironment.read(Map.of("STUB_REQUIRE_CALLER_TOKEN", "yes")))
                    .hasMessage("STUB_REQUIRE_CALLER_TOKEN must be true or false: yes");
        }
    }
}
