package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.route.Upstream;
import com.ticketing.proto.ticket.Event;
import com.ticketing.proto.ticket.GetEventByIdRequest;
import com.ticketing.proto.ticket.TicketServiceGrpc;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real TCP: one channel over a host:port list balances over both instances and follows their health. */
class GrpcChannelsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private Instance first;
    private Instance second;
    private GrpcChannels channels;

    @BeforeEach
    void start() throws IOException {
        first = new Instance("first");
        second = new Instance("second");
        channels = new GrpcChannels(GrpcClientSettingsTest.allTargets()
                .target(Upstream.TICKET, "127.0.0.1:" + first.port() + ",localhost:" + second.port())
                .build());
    }

    @AfterEach
    void stop() {
        channels.close();
        first.close();
        second.close();
    }

    @Test
    void spreadsCallsEvenlyOverBothInstances() {
        awaitAnswersFrom(Set.of("first", "second"));

        Map<String, Long> answers = answers(20);

        assertThat(answers).isEqualTo(Map.of("first", 10L, "second", 10L));
        assertThat(channels.state(Upstream.TICKET)).isEqualTo("connected");
    }

    @Test
    void anInstanceReportingNotServingLeavesTheRotationAndReturnsWhenServingAgain() {
        awaitAnswersFrom(Set.of("first", "second"));

        first.health.setStatus("", ServingStatus.NOT_SERVING);
        awaitOnlyAnswersFrom("second");

        assertThat(answers(20)).isEqualTo(Map.of("second", 20L));

        first.health.setStatus("", ServingStatus.SERVING);
        awaitAnswersFrom(Set.of("first", "second"));
    }

    @Test
    void aStoppedInstanceLeavesTheRotation() {
        awaitAnswersFrom(Set.of("first", "second"));

        first.server.shutdownNow();
        awaitOnlyAnswersFrom("second");

        assertThat(answers(20)).isEqualTo(Map.of("second", 20L));
    }

    @Test
    void theMonitorReportsAServiceWithNoServingInstanceAsNotServing() throws InterruptedException {
        GrpcHealthMonitor monitor = new GrpcHealthMonitor(channels, Duration.ofSeconds(5), Duration.ofSeconds(1));
        awaitAnswersFrom(Set.of("first", "second"));
        monitor.checkNow();
        assertThat(monitor.snapshot().get(Upstream.TICKET)).isEqualTo(new ServiceHealth(true, "connected"));

        first.health.setStatus("", ServingStatus.NOT_SERVING);
        second.health.setStatus("", ServingStatus.NOT_SERVING);
        awaitState("transient_failure");
        monitor.checkNow();

        assertThat(monitor.snapshot().get(Upstream.TICKET)).isEqualTo(new ServiceHealth(false, "transient_failure"));
    }

    @Test
    void everyChannelRunsOnTheConfiguredEventLoopsAndTheyEndWithTheChannels() throws Exception {
        Set<Thread> before = clientLoops();
        GrpcChannels own = new GrpcChannels(GrpcClientSettingsTest.allTargets()
                .target(Upstream.TICKET, "127.0.0.1:" + first.port())
                .eventLoopThreads(2)
                .build());
        Set<Thread> started = new HashSet<>();
        try {
            for (int i = 0; i < 10; i++) {
                assertThat(answerer(own)).isEqualTo("first");
            }
            started.addAll(clientLoops());
            started.removeAll(before);
            assertThat(started).as("the loops this group started (calls and their deadline timers)").hasSize(2);
            // Offered to other clients (the Redis connection): the same two threads run what is submitted.
            EventLoopGroup offered = own.eventLoops().orElseThrow();
            Set<Thread> ran = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                ran.add(offered.submit(Thread::currentThread).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
            }
            assertThat(ran).isEqualTo(started);
        } finally {
            own.close();
        }
        for (Thread loop : started) {
            loop.join(PATIENCE.toMillis());
        }
        assertThat(started).noneMatch(Thread::isAlive);
        assertThat(own.eventLoops().orElseThrow().isTerminated()).isTrue();
    }

    private static Set<Thread> clientLoops() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("client-io-loop"))
                .collect(Collectors.toSet());
    }

    /** Which instance answered each of {@code calls} calls; every call must succeed. */
    private Map<String, Long> answers(int calls) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            names.add(answerer());
        }
        return names.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private String answerer() {
        return answerer(channels);
    }

    private static String answerer(GrpcChannels channels) {
        return TicketServiceGrpc.newBlockingStub(channels.channel(Upstream.TICKET))
                .withDeadlineAfter(2, TimeUnit.SECONDS)
                .getEventById(GetEventByIdRequest.newBuilder().setEventId("e-1").build())
                .getName();
    }

    private void awaitAnswersFrom(Set<String> expected) {
        Set<String> seen = new HashSet<>();
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (!seen.equals(expected) && System.nanoTime() < end) {
            tryCall().ifPresent(seen::add);
            pause();
        }
        assertThat(seen).isEqualTo(expected);
    }

    /** Until ten calls in a row were answered by {@code name}; calls that fail on the way are tolerated. */
    private void awaitOnlyAnswersFrom(String name) {
        int inARow = 0;
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (inARow < 10 && System.nanoTime() < end) {
            inARow = tryCall().filter(name::equals).isPresent() ? inARow + 1 : 0;
            pause();
        }
        assertThat(inARow).as("calls in a row answered by " + name).isEqualTo(10);
    }

    private void awaitState(String state) {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (!channels.state(Upstream.TICKET).equals(state) && System.nanoTime() < end) {
            pause();
        }
        assertThat(channels.state(Upstream.TICKET)).isEqualTo(state);
    }

    private java.util.Optional<String> tryCall() {
        try {
            return java.util.Optional.of(answerer());
        } catch (StatusRuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A plain gRPC server on a free port: a health service and a ticket service that answers with its name. */
    private static final class Instance implements AutoCloseable {
        final HealthStatusManager health = new HealthStatusManager();
        final Server server;

        Instance(String name) throws IOException {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(health.getHealthService())
                    .addService(new TicketServiceGrpc.TicketServiceImplBase() {
                        @Override
                        public void getEventById(GetEventByIdRequest request, StreamObserver<Event> reply) {
                            reply.onNext(Event.newBuilder().setId(request.getEventId()).setName(name).build());
                            reply.onCompleted();
                        }
                    })
                    .build()
                    .start();
        }

        int port() {
            return server.getPort();
        }

        @Override
        public void close() {
            server.shutdownNow();
        }
    }
}
