package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.stub.tls.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GrpcTlsTest {

    private static TestCertificates certificates;

    @BeforeAll
    static void makeCertificates() {
        certificates = TestCertificates.create();
    }

    @AfterAll
    static void deleteCertificates() {
        certificates.close();
    }

    @Test
    void takesTheConfiguredFilesWhereBlankClientCertificateAndAuthorityMeanNone() {
        GrpcTls mutual = GrpcTls.of(ca(), clientCert(), clientKey(), " localhost ");
        GrpcTls serverOnly = GrpcTls.of(ca(), "", " ", "");

        assertThat(mutual.caCertificates()).isEqualTo(certificates.ca());
        assertThat(mutual.clientCertificate()).contains(new GrpcTls.ClientCertificate(
                certificates.client().certificate(), certificates.client().privateKey()));
        assertThat(mutual.authority()).contains("localhost");
        assertThat(serverOnly.clientCertificate()).isEmpty();
        assertThat(serverOnly.authority()).isEmpty();
    }

    @Test
    void aMissingFileIsRefusedNamingItsSetting() {
        String missing = certificates.directory().resolve("missing.pem").toString();

        assertThatThrownBy(() -> GrpcTls.of(missing, "", "", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GRPC_TLS_CA_CERT must name a readable PEM file, got '" + missing + "' (no such file)");
        assertThatThrownBy(() -> GrpcTls.of(ca(), missing, clientKey(), ""))
                .hasMessageStartingWith("GRPC_TLS_CLIENT_CERT must name a readable PEM file");
        assertThatThrownBy(() -> GrpcTls.of(ca(), clientCert(), missing, ""))
                .hasMessageStartingWith("GRPC_TLS_CLIENT_KEY must name a readable PEM file");
        assertThatThrownBy(() -> GrpcTls.of(ca(), certificates.directory().toString(), clientKey(), ""))
                .as("a directory is not a file")
                .hasMessageStartingWith("GRPC_TLS_CLIENT_CERT must name a readable PEM file");
    }

    @Test
    void refusesTlsWithoutACaBundleAndACertificateWithoutItsKey() {
        assertThatThrownBy(() -> GrpcTls.of(" ", "", "", ""))
                .hasMessage("GRPC_TLS_CA_CERT must be set when gRPC TLS is enabled");
        assertThatThrownBy(() -> GrpcTls.of(ca(), clientCert(), "", ""))
                .hasMessageStartingWith("GRPC_TLS_CLIENT_CERT and GRPC_TLS_CLIENT_KEY must be set together");
        assertThatThrownBy(() -> GrpcTls.of(ca(), "", clientKey(), ""))
                .hasMessageStartingWith("GRPC_TLS_CLIENT_CERT and GRPC_TLS_CLIENT_KEY must be set together");
    }

    @Test
    void anAuthorityMustBeAHostName() {
        assertThat(GrpcTls.of(ca(), "", "", "ticket-service.prod.svc:50051").authority())
                .contains("ticket-service.prod.svc:50051");
        assertThatThrownBy(() -> GrpcTls.of(ca(), "", "", "https://ticket-service/"))
                .hasMessage("GRPC_TLS_AUTHORITY must be a host name, optionally with :port, got 'https://ticket-service/'");
    }

    @Test
    void aFileThatIsNotPemRefusesToOpenTheChannelsNamingTheSettings() throws IOException {
        Path garbage = Files.writeString(certificates.directory().resolve("garbage.pem"), "not a certificate\n");

        assertThatThrownBy(() -> channelsWith(new GrpcTls(garbage, Optional.empty(), Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gRPC TLS files (GRPC_TLS_CA_CERT, GRPC_TLS_CLIENT_CERT, GRPC_TLS_CLIENT_KEY)"
                        + " cannot be used");
        assertThatThrownBy(() -> channelsWith(new GrpcTls(certificates.ca(), Optional.of(
                new GrpcTls.ClientCertificate(certificates.client().certificate(), garbage)), Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gRPC TLS files (GRPC_TLS_CA_CERT, GRPC_TLS_CLIENT_CERT, GRPC_TLS_CLIENT_KEY)"
                        + " cannot be used");
    }

    @Test
    void opensIdleChannelsOverTlsWithoutConnecting() {
        try (GrpcChannels channels = channelsWith(GrpcTls.of(ca(), clientCert(), clientKey(), ""))) {
            assertThat(channels.state(com.ticketing.gateway.domain.route.Upstream.TICKET)).isEqualTo("idle");
        }
    }

    private static GrpcChannels channelsWith(GrpcTls tls) {
        return new GrpcChannels(GrpcClientSettingsTest.allTargets().tls(tls).build());
    }

    private static String ca() {
        return certificates.ca().toString();
    }

    private static String clientCert() {
        return certificates.client().certificate().toString();
    }

    private static String clientKey() {
        return certificates.client().privateKey().toString();
    }
}
