package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.stub.StubConfig;
import com.ticketing.stub.StubTls;
import com.ticketing.stub.tls.TestCertificates;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The gateway and its services over mutual TLS, with certificates made for this run: every stub
 * requires a client certificate of the test CA and checks each caller's bearer token itself; the
 * gateway is configured through {@code GRPC_TLS_*}. A gateway that trusts another CA cannot reach
 * any service and answers 503, never 500; one whose CA bundle is missing does not start.
 */
class MutualTlsIT {

    private static TestCertificates certificates;
    private static Stack stack;

    @BeforeAll
    static void start() {
        certificates = TestCertificates.create();
        try {
            stack = Stack.start(mutualTlsStubs(), gatewayTrusting(certificates.ca()));
        } catch (RuntimeException e) {
            certificates.close();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        try {
            stack.close();
        } finally {
            certificates.close();
        }
    }

    @Test
    void theJourneyFromRegistrationToBookingWorksOverMutualTls() {
        Http http = stack.http;
        Users.LoggedIn user = Users.newUser(http);

        Http.Answer events = http.get("/api/v1/events", null);
        assertThat(events.status()).as(events.body()).isEqualTo(200);
        assertThat(events.json().get("total").asInt()).isGreaterThanOrEqualTo(20);

        Http.Answer booked = http.post("/api/v1/bookings", user.accessToken(),
                "{\"eventId\":\"evt-001\",\"quantity\":1}");
        assertThat(booked.status()).as(booked.body()).isEqualTo(202);
        String bookingId = booked.json().get("bookingId").asString();

        Http.Answer booking = http.get("/api/v1/bookings/" + bookingId, user.accessToken());
        assertThat(booking.status()).as("the booking service accepted the forwarded token: " + booking.body())
                .isEqualTo(200);
        assertThat(booking.json().get("bookingId").asString()).isEqualTo(bookingId);

        JsonNode services = Eventually.get(() -> http.get("/health/detailed", null),
                answer -> answer.json().get("status").asString().equals("healthy")).json().get("services");
        assertThat(services.properties()).allSatisfy(service ->
                assertThat(service.getValue().asString()).as(service.getKey()).isEqualTo("healthy"));
    }

    @Test
    void aGatewayThatTrustsAnotherCaAnswers503NeverA500() {
        try (Stack distrustful = Stack.start(mutualTlsStubs(), gatewayTrusting(certificates.otherCa()))) {
            Http http = distrustful.http;

            assertServiceUnavailable(http.get("/api/v1/events", null));
            assertServiceUnavailable(http.post("/api/v1/auth/register", null, Users.registerBody(Users.newEmail())));
            assertServiceUnavailable(http.post("/api/v1/auth/login", null,
                    Users.loginBody(Users.newEmail(), Users.PASSWORD)));
        }
    }

    @Test
    void aGatewayWhoseCaBundleIsMissingRefusesToStartNamingTheSetting() {
        Map<String, String> settings = new HashMap<>(gatewayTrusting(certificates.ca()));
        String missing = certificates.directory().resolve("missing-ca.crt").toString();
        settings.put("GRPC_TLS_CA_CERT", missing);

        assertThatThrownBy(() -> Stack.start(mutualTlsStubs(), settings).close())
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GRPC_TLS_CA_CERT must name a readable PEM file, got '" + missing + "' (no such file)");
    }

    private static void assertServiceUnavailable(Http.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
    }

    /** Every stub serves the test CA's certificate for localhost, requires a client certificate and checks tokens. */
    private static UnaryOperator<StubConfig> mutualTlsStubs() {
        return config -> config
                .withTls(StubTls.mutual(certificates.server().certificate(), certificates.server().privateKey(),
                        certificates.ca()))
                .withRequireCallerToken(true);
    }

    /** The gateway's TLS settings, by their environment names: trusting {@code ca}, with the client certificate. */
    private static Map<String, String> gatewayTrusting(Path ca) {
        return Map.of(
                "GRPC_TLS_ENABLED", "true",
                "GRPC_TLS_CA_CERT", ca.toString(),
                "GRPC_TLS_CLIENT_CERT", certificates.client().certificate().toString(),
                "GRPC_TLS_CLIENT_KEY", certificates.client().privateKey().toString());
    }
}
