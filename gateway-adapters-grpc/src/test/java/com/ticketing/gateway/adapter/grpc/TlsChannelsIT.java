package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.ticketing.gateway.domain.model.CallContext;
import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.RequestId;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.port.UpstreamCall;
import com.ticketing.gateway.domain.route.Upstream;
import com.ticketing.gateway.domain.route.UpstreamOperation;
import com.ticketing.stub.StubCluster;
import com.ticketing.stub.StubConfig;
import com.ticketing.stub.StubService;
import com.ticketing.stub.StubServices;
import com.ticketing.stub.StubTls;
import com.ticketing.stub.tls.TestCertificates;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real TCP, real certificates made for this run: the gateway's channels over mutual TLS to stub
 * services that require a client certificate, and every way the handshake must fail. A refused
 * connection serves nothing: a registration sent over it leaves the e-mail address free.
 */
class TlsChannelsIT {

    private static final UpstreamOperation REGISTER = new UpstreamOperation(Upstream.AUTH, "Register");
    private static final UpstreamOperation GET_EVENTS = new UpstreamOperation(Upstream.TICKET, "GetEvents");
    private static final Duration DEADLINE = Duration.ofSeconds(3);

    private static TestCertificates certificates;
    /** Certificate from the CA the gateway trusts; client certificates of that CA required. */
    private static StubCluster trusted;
    /** Certificate (for the same names) from a CA the gateway does not trust; otherwise the same. */
    private static StubCluster impostor;

    private final List<GrpcChannels> opened = new ArrayList<>();

    @BeforeAll
    static void start() {
        certificates = TestCertificates.create();
        trusted = StubServices.start(StubConfig.defaults().withEphemeralPorts().withTls(StubTls.mutual(
                certificates.server().certificate(), certificates.server().privateKey(), certificates.ca())));
        impostor = StubServices.start(StubConfig.defaults().withEphemeralPorts().withInstancesPerService(1)
                .withTls(StubTls.mutual(certificates.otherServer().certificate(),
                        certificates.otherServer().privateKey(), certificates.ca())));
    }

    @AfterAll
    static void stop() {
        try {
            trusted.close();
            impostor.close();
        } finally {
            certificates.close();
        }
    }

    @AfterEach
    void closeChannels() {
        opened.forEach(GrpcChannels::close);
    }

    @Test
    void overMutualTlsEveryServiceIsHealthyAndCallsSucceed() throws InterruptedException {
        GrpcChannels channels = connect(trusted, mutualTls(), UnaryOperator.identity());
        GrpcHealthMonitor monitor = new GrpcHealthMonitor(channels, Duration.ofSeconds(5), Duration.ofSeconds(2));

        monitor.checkNow();
        UpstreamOutcome events = backend(channels).call(call(GET_EVENTS, ""));

        assertThat(monitor.snapshot()).allSatisfy((service, health) ->
                assertThat(health).as(service.healthName()).isEqualTo(new ServiceHealth(true, "connected")));
        assertThat(events).isInstanceOfSatisfying(UpstreamOutcome.Ok.class, ok ->
                assertThat(new String(ok.json(), StandardCharsets.UTF_8)).contains("evt-001"));
        assertThat(registered(channels)).isInstanceOf(UpstreamOutcome.Ok.class);
    }

    @Test
    void aServiceWhoseCertificateComesFromAnotherCaIsUnavailableAndServesNothing() {
        String email = newEmail();

        UpstreamOutcome outcome = register(connect(impostor, mutualTls(), UnaryOperator.identity()), email);

        assertThat(outcome).isEqualTo(UpstreamOutcome.Failed.of(FailureKind.UNAVAILABLE));
        GrpcTls trustingTheImpostor = GrpcTls.of(certificates.otherCa().toString(),
                certificates.client().certificate().toString(), certificates.client().privateKey().toString(), "");
        assertThat(register(connect(impostor, trustingTheImpostor, UnaryOperator.identity()), email))
                .as("the address is still free").isInstanceOf(UpstreamOutcome.Ok.class);
    }

    @Test
    void theHealthChecksReasonForAnotherCasCertificateNamesTheFailedHandshake() {
        GrpcChannels channels = connect(impostor, mutualTls(), UnaryOperator.identity());

        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> HealthGrpc.newBlockingStub(channels.channel(Upstream.AUTH)).withDeadlineAfter(2, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()));

        String why = GrpcHealthMonitor.why(failure);
        System.out.println("TlsChannelsIT: not serving because " + why);
        assertThat(why).startsWith("UNAVAILABLE: io exception (").doesNotContain("\n")
                .contains("unable to find valid certification path");
    }

    @Test
    void aServerThatRequiresAClientCertificateRefusesAClientWithoutOne() {
        GrpcTls withoutCertificate = GrpcTls.of(certificates.ca().toString(), "", "", "");

        assertRefusedAndNothingServed(connect(trusted, withoutCertificate, UnaryOperator.identity()));
    }

    @Test
    void aTlsServerRefusesAPlaintextClient() {
        assertRefusedAndNothingServed(connect(trusted, null, UnaryOperator.identity()));
    }

    @Test
    void aConfiguredAuthorityIsTheNameEveryCertificateMustCarry() {
        GrpcTls localhost = GrpcTls.of(certificates.ca().toString(), certificates.client().certificate().toString(),
                certificates.client().privateKey().toString(), "localhost");
        GrpcTls elsewhere = GrpcTls.of(certificates.ca().toString(), certificates.client().certificate().toString(),
                certificates.client().privateKey().toString(), "ticket-service.internal");
        UnaryOperator<String> byAddress = target -> target.replace("localhost:", "127.0.0.1:");

        assertThat(backend(connect(trusted, localhost, byAddress)).call(call(GET_EVENTS, "")))
                .isInstanceOf(UpstreamOutcome.Ok.class);
        assertThat(backend(connect(trusted, elsewhere, byAddress)).call(call(GET_EVENTS, "")))
                .as("the certificate does not name ticket-service.internal")
                .isEqualTo(UpstreamOutcome.Failed.of(FailureKind.UNAVAILABLE));
    }

    private void assertRefusedAndNothingServed(GrpcChannels refusedChannels) {
        String email = newEmail();

        assertThat(register(refusedChannels, email)).isEqualTo(UpstreamOutcome.Failed.of(FailureKind.UNAVAILABLE));
        assertThat(register(connect(trusted, mutualTls(), UnaryOperator.identity()), email))
                .as("the address is still free").isInstanceOf(UpstreamOutcome.Ok.class);
    }

    private static GrpcTls mutualTls() {
        return GrpcTls.of(certificates.ca().toString(), certificates.client().certificate().toString(),
                certificates.client().privateKey().toString(), "");
    }

    /** Channels to every service of {@code stubs} ({@code tls} null: plaintext), targets rewritten by {@code target}. */
    private GrpcChannels connect(StubCluster stubs, GrpcTls tls, UnaryOperator<String> target) {
        GrpcClientSettings.Builder settings = GrpcClientSettings.builder();
        for (StubService service : StubService.values()) {
            settings.target(Upstream.valueOf(service.name()), target.apply(stubs.target(service)));
        }
        if (tls != null) {
            settings.tls(tls);
        }
        GrpcChannels channels = new GrpcChannels(settings.build());
        opened.add(channels);
        return channels;
    }

    private static GrpcBackend backend(GrpcChannels channels) {
        return new GrpcBackend(channels, OperationRegistry.platformServices(), new JsonTranscoder());
    }

    private static UpstreamOutcome registered(GrpcChannels channels) {
        return register(channels, newEmail());
    }

    private static UpstreamOutcome register(GrpcChannels channels, String email) {
        return backend(channels).call(call(REGISTER, "{\"email\":\"" + email + "\",\"password\":\"correct-horse-battery\","
                + "\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"}"));
    }

    private static UpstreamCall call(UpstreamOperation operation, String json) {
        return new UpstreamCall(operation, json.getBytes(StandardCharsets.UTF_8), Map.of(), Set.of(),
                new CallContext(new RequestId("req-tls"), Optional.empty(), Optional.empty(), DEADLINE));
    }

    private static String newEmail() {
        return "tls-" + UUID.randomUUID() + "@example.com";
    }
}
