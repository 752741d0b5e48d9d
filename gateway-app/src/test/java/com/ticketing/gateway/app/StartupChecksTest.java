package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StartupChecksTest {

    private static final String STRONG_A = "a-strong-production-secret-of-enough-length-1";
    private static final String STRONG_B = "another-strong-production-secret-of-length-2";

    /** Certificates nowhere to be found: the TLS check has nothing to object to. */
    private static final GatewayProperties.Grpc.Tls NO_CERTIFICATES =
            new GatewayProperties.Grpc.Tls(false, "/nonexistent/ca.crt", "", "", "");

    private static GatewayProperties properties(String env, String secret, String refresh, List<String> origins) {
        return properties(env, secret, refresh, origins, NO_CERTIFICATES);
    }

    private static GatewayProperties properties(String env, String secret, String refresh, List<String> origins,
                                                GatewayProperties.Grpc.Tls tls) {
        Duration d = Duration.ofSeconds(1);
        Map<String, GatewayProperties.Grpc.Service> services = new HashMap<>();
        SettingNames.SERVICES.forEach(name -> services.put(name,
                new GatewayProperties.Grpc.Service("localhost:1", "round_robin", "identity", null)));
        GatewayProperties.Grpc grpc = new GatewayProperties.Grpc(services, d, d, d, d, 1024, 1024, d, 0, tls);
        return new GatewayProperties(env, 1024 * 1024,
                new GatewayProperties.Jwt(secret, refresh, "iss", "aud", Duration.ofSeconds(30), "HS256", "",
                        Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(2), 10_000, Duration.ofSeconds(60)),
                grpc, null, new GatewayProperties.Cors(origins, false, null), null, null, null, null, null, 256, 1000, null);
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
    void productionRefusesTlsOffWhenTheCaCertificateIsMounted(@TempDir Path certs) throws IOException {
        Path ca = Files.writeString(certs.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----");
        GatewayProperties.Grpc.Tls tlsOff = new GatewayProperties.Grpc.Tls(false, ca.toString(),
                certs.resolve("tls.crt").toString(), certs.resolve("tls.key").toString(), "");

        assertThatThrownBy(() -> StartupChecks.check(properties("production", STRONG_A, STRONG_B, List.of(), tlsOff)))
                .hasMessage("Refusing to start: GRPC_TLS_ENABLED must be true in production when gRPC certificates"
                        + " are mounted (found " + ca + ")");
    }

    @Test
    void productionRefusesTlsOffWhenOnlyTheClientCertificateIsMounted(@TempDir Path certs) throws IOException {
        Path client = Files.writeString(certs.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----");
        GatewayProperties.Grpc.Tls tlsOff = new GatewayProperties.Grpc.Tls(false, certs.resolve("ca.crt").toString(),
                client.toString(), "", "");

        assertThatThrownBy(() -> StartupChecks.check(properties("production", STRONG_A, STRONG_B, List.of(), tlsOff)))
                .hasMessageContaining("GRPC_TLS_ENABLED must be true").hasMessageContaining(client.toString());
    }

    @Test
    void productionAcceptsTlsOffWhenNoCertificateIsMounted(@TempDir Path certs) {
        GatewayProperties.Grpc.Tls tlsOff = new GatewayProperties.Grpc.Tls(false, certs.resolve("ca.crt").toString(),
                certs.resolve("tls.crt").toString(), certs.resolve("tls.key").toString(), "");

        assertThat(StartupChecks.check(properties("production", STRONG_A, STRONG_B, List.of(), tlsOff)).access())
                .isEqualTo(STRONG_A);
    }

    @ParameterizedTest(name = "{0}, TLS enabled {1}")
    @CsvSource({"production, true", "development, false"})
    void mountedCertificatesAreAcceptedWithTlsOnOrOutsideProduction(String env, boolean tlsEnabled, @TempDir Path certs)
            throws IOException {
        Path ca = Files.writeString(certs.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----");
        GatewayProperties.Grpc.Tls tls = new GatewayProperties.Grpc.Tls(tlsEnabled, ca.toString(), "", "", "");

        assertThat(StartupChecks.check(properties(env, STRONG_A, STRONG_B, List.of(), tls)).access())
                .isEqualTo(STRONG_A);
    }

    @Test
    void aNonPositiveInFlightOrStreamLimitIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> new GatewayProperties("development", 1024, null, null, null, null, null, null, null,
                null, null, 0, 1000, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MAX_IN_FLIGHT_REQUESTS must be at least 1, not 0");
        assertThatThrownBy(() -> new GatewayProperties("development", 1024, null, null, null, null, null, null, null,
                null, null, 256, 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MAX_OPEN_STREAMS must be at least 1, not 0");
    }

    @ParameterizedTest
    @CsvSource({"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "abababababababababababababababababab",
            "0123456780123456780123456780123456"})
    void productionRefusesASecretThatIsAPatternNamingTheVariable(String pattern) {
        assertThatThrownBy(() -> StartupChecks.check(properties("production", pattern, STRONG_B, List.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JWT_SECRET must be random (at least 10 different characters)");
        assertThat(StartupChecks.check(properties("production", "0123456789" + pattern, STRONG_B, List.of()))
                .access()).as("ten different characters").startsWith("0123456789");
    }

    @ParameterizedTest
    @CsvSource({"prod", "staging", "PRODUCTION", "Production", "''"})
    void anEnvironmentOtherThanDevelopmentOrProductionIsRefusedNamingGatewayEnv(String env) {
        assertThatThrownBy(() -> new GatewayProperties(env, 1024, null, null, null, null, null, null, null,
                null, null, 256, 1000, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GATEWAY_ENV must be development or production, not '" + env + "'");
    }

    @Test
    void aSlowRequestThresholdBelowOneMillisecondIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> new GatewayProperties("development", 1024, null, null, null, null, null, null, null,
                null, Duration.ofMillis(-1), 256, 1000, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SLOW_REQUEST_MS must be at least 1, not -1");
        assertThat(new GatewayProperties("development", 1024, null, null, null, null, null, null, null,
                null, Duration.ofMillis(1), 256, 1000, null).slowRequestThreshold()).isEqualTo(Duration.ofMillis(1));
    }

    @ParameterizedTest
    @CsvSource({"-1, 20000, 'PORT must be 0 to 65535, not -1'", "65536, 20000, 'PORT must be 0 to 65535, not 65536'",
            "3000, -1, 'SHUTDOWN_DRAIN_MS must not be negative, not -1'"})
    void aPortOutOfRangeOrANegativeDrainIsRefusedNamingTheVariable(int port, long drainMillis, String message) {
        assertThatThrownBy(() -> StartupChecks.checkServer(port, Duration.ofMillis(drainMillis)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Refusing to start: " + message);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "3000, 20000", "65535, 1"})
    void aPortInRangeAndADrainNotNegativeAreAccepted(int port, long drainMillis) {
        assertThatCode(() -> StartupChecks.checkServer(port, Duration.ofMillis(drainMillis)))
                .doesNotThrowAnyException();
    }

    @Test
    void developmentFallsBackToTheLocalSecrets() {
        StartupChecks.Secrets secrets = StartupChecks.check(properties("development", null, "", List.of()));

        assertThat(secrets.access()).isEqualTo(StartupChecks.DEV_ACCESS_SECRET);
        assertThat(secrets.refresh()).isEqualTo(StartupChecks.DEV_REFRESH_SECRET);
    }
}
