package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.CallContext;
import com.ticketing.gateway.domain.model.RequestId;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.port.UpstreamCall;
import com.ticketing.gateway.domain.route.Upstream;
import com.ticketing.gateway.domain.route.UpstreamOperation;
import com.ticketing.proto.ticket.Event;
import com.ticketing.proto.ticket.GetEventByIdRequest;
import com.ticketing.proto.ticket.TicketServiceGrpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real TCP: a service configured for gzip gets gzip-compressed messages, and the call succeeds. */
class GrpcCompressionIT {

    private static final Metadata.Key<String> GRPC_ENCODING =
            Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);
    private static final UpstreamOperation GET_EVENT = new UpstreamOperation(Upstream.TICKET, "GetEventById");

    private final AtomicReference<Metadata> lastHeaders = new AtomicReference<>();
    private final HealthStatusManager health = new HealthStatusManager();
    private Server server;
    private GrpcChannels channels;

    @BeforeEach
    void startService() throws IOException {
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, A> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, A> call, Metadata headers,
                                                                      io.grpc.ServerCallHandler<Q, A> next) {
                lastHeaders.set(headers);
                return next.startCall(call, headers);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(health.getHealthService())
                .addService(ServerInterceptors.intercept(new TicketServiceGrpc.TicketServiceImplBase() {
                    @Override
                    public void getEventById(GetEventByIdRequest request, StreamObserver<Event> reply) {
                        reply.onNext(Event.newBuilder().setId(request.getEventId()).setName("Concert").build());
                        reply.onCompleted();
                    }
                }, recorder))
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        if (channels != null) {
            channels.close();
        }
        server.shutdownNow();
    }

    @Test
    void aServiceSetToGzipReceivesGzipCompressedMessages() {
        UpstreamOutcome outcome = callTicketService(GrpcClientSettingsTest.allTargets()
                .target(Upstream.TICKET, "127.0.0.1:" + server.getPort())
                .compression(Upstream.TICKET, "gzip"));

        assertThat(outcome).isInstanceOfSatisfying(UpstreamOutcome.Ok.class,
                ok -> assertThat(new String(ok.json())).contains("\"name\":\"Concert\""));
        assertThat(lastHeaders.get().get(GRPC_ENCODING)).isEqualTo("gzip");
    }

    @Test
    void aServiceLeftAtTheDefaultReceivesUncompressedMessages() {
        UpstreamOutcome outcome = callTicketService(GrpcClientSettingsTest.allTargets()
                .target(Upstream.TICKET, "127.0.0.1:" + server.getPort())
                .compression(Upstream.AUTH, "gzip"));

        assertThat(outcome).isInstanceOf(UpstreamOutcome.Ok.class);
        assertThat(lastHeaders.get().get(GRPC_ENCODING)).isIn(null, "identity");
    }

    /** Calls until the channel has seen the instance healthy (or 10 s pass); the last outcome. */
    private UpstreamOutcome callTicketService(GrpcClientSettings.Builder settings) {
        channels = new GrpcChannels(settings.build());
        GrpcBackend backend = new GrpcBackend(channels, OperationRegistry.platformServices(), new JsonTranscoder());
        UpstreamCall call = new UpstreamCall(GET_EVENT, new byte[0], Map.of("eventId", "evt-1"), Set.of(),
                CallContext.anonymous(new RequestId("req-gzip"), Duration.ofSeconds(2)));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        UpstreamOutcome outcome = backend.call(call);
        while (!(outcome instanceof UpstreamOutcome.Ok) && System.nanoTime() < deadline) {
            outcome = backend.call(call);
        }
        return outcome;
    }
}
