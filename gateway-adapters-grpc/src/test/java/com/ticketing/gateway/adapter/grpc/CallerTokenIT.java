package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.ticketing.gateway.domain.model.CallContext;
import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.Identity;
import com.ticketing.gateway.domain.model.RequestId;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.port.UpstreamCall;
import com.ticketing.gateway.domain.route.Upstream;
import com.ticketing.gateway.domain.route.UpstreamOperation;
import com.ticketing.stub.StubCluster;
import com.ticketing.stub.StubConfig;
import com.ticketing.stub.StubService;
import com.ticketing.stub.StubServices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real TCP against stubs that check the caller's token ({@link StubConfig#requireCallerToken()}):
 * the bearer token and ids GrpcBackend puts in metadata (see GrpcBackendTest for the exact
 * entries) are what a service that verifies them accepts, and a forged or borrowed token is not.
 */
class CallerTokenIT {

    private static final UpstreamOperation REGISTER = new UpstreamOperation(Upstream.AUTH, "Register");
    private static final UpstreamOperation LOGIN = new UpstreamOperation(Upstream.AUTH, "Login");
    private static final UpstreamOperation LIST_BOOKINGS = new UpstreamOperation(Upstream.BOOKING, "ListBookings");
    private static final UpstreamOperation GET_EVENTS = new UpstreamOperation(Upstream.TICKET, "GetEvents");
    private static final Duration DEADLINE = Duration.ofSeconds(3);

    private static StubCluster stubs;
    private static GrpcChannels channels;
    private static GrpcBackend backend;

    @BeforeAll
    static void start() {
        stubs = StubServices.start(StubConfig.defaults().withEphemeralPorts().withInstancesPerService(1)
                .withRequireCallerToken(true));
        GrpcClientSettings.Builder settings = GrpcClientSettings.builder();
        for (StubService service : StubService.values()) {
            settings.target(Upstream.valueOf(service.name()), stubs.target(service));
        }
        channels = new GrpcChannels(settings.build());
        backend = new GrpcBackend(channels, OperationRegistry.platformServices(), new JsonTranscoder());
    }

    @AfterAll
    static void stop() {
        channels.close();
        stubs.close();
    }

    @Test
    void theCallersOwnTokenPassesTheServicesCheck() {
        Identity ada = logIn();

        assertThat(backend.call(call(LIST_BOOKINGS, Optional.of(ada)))).isInstanceOf(UpstreamOutcome.Ok.class);
    }

    @Test
    void aForgedOrBorrowedTokenIsUnauthenticatedAtTheService() {
        Identity ada = logIn();
        Identity grace = logIn();
        Identity forged = new Identity(ada.userId(), ada.sessionId(), "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl");
        Identity borrowed = new Identity(grace.userId(), grace.sessionId(), ada.accessToken());

        assertThat(backend.call(call(LIST_BOOKINGS, Optional.of(forged))))
                .isEqualTo(new UpstreamOutcome.Failed(FailureKind.UNAUTHENTICATED, "", "the bearer token is not valid"));
        assertThat(backend.call(call(LIST_BOOKINGS, Optional.of(borrowed))))
                .isEqualTo(new UpstreamOutcome.Failed(FailureKind.UNAUTHENTICATED, "",
                        "the bearer token does not belong to the caller"));
    }

    @Test
    void anonymousCallsStillReachPublicOperations() {
        assertThat(backend.call(call(GET_EVENTS, Optional.empty()))).isInstanceOf(UpstreamOutcome.Ok.class);
        assertThat(backend.call(call(LIST_BOOKINGS, Optional.empty())))
                .isInstanceOfSatisfying(UpstreamOutcome.Failed.class,
                        failed -> assertThat(failed.kind()).isEqualTo(FailureKind.UNAUTHENTICATED));
    }

    /** Registers and logs in a new user through GrpcBackend; the identity the gateway would derive from the token. */
    private static Identity logIn() {
        String email = "token-" + UUID.randomUUID() + "@example.com";
        String credentials = "{\"email\":\"" + email + "\",\"password\":\"correct-horse-battery\"";
        assertThat(backend.call(call(REGISTER, credentials + ",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"}",
                Optional.empty()))).isInstanceOf(UpstreamOutcome.Ok.class);
        UpstreamOutcome login = backend.call(call(LOGIN, credentials + "}", Optional.empty()));
        assertThat(login).isInstanceOf(UpstreamOutcome.Ok.class);
        String token = JsonParser.parseString(new String(((UpstreamOutcome.Ok) login).json(), StandardCharsets.UTF_8))
                .getAsJsonObject().get("accessToken").getAsString();
        JsonObject claims = JsonParser.parseString(new String(
                Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8)).getAsJsonObject();
        return new Identity(new UserId(claims.get("sub").getAsString()), new SessionId(claims.get("sid").getAsString()),
                token);
    }

    private static UpstreamCall call(UpstreamOperation operation, Optional<Identity> identity) {
        return call(operation, "", identity);
    }

    private static UpstreamCall call(UpstreamOperation operation, String json, Optional<Identity> identity) {
        return new UpstreamCall(operation, json.getBytes(StandardCharsets.UTF_8), Map.of(), Set.of(),
                new CallContext(new RequestId("req-" + UUID.randomUUID()), identity, Optional.empty(), DEADLINE));
    }
}
