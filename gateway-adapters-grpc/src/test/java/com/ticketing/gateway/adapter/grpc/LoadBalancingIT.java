package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.ticketing.gateway.domain.model.CallContext;
import com.ticketing.gateway.domain.model.Identity;
import com.ticketing.gateway.domain.model.RequestId;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.port.Backend;
import com.ticketing.gateway.domain.port.UpstreamCall;
import com.ticketing.gateway.domain.route.Upstream;
import com.ticketing.proto.CallHeaders;
import com.ticketing.proto.ticket.Event;
import com.ticketing.proto.ticket.GetEventByIdRequest;
import com.ticketing.proto.ticket.TicketServiceGrpc;
import com.ticketing.stub.StubCluster;
import com.ticketing.stub.StubConfig;
import com.ticketing.stub.StubService;
import com.ticketing.stub.StubServices;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real TCP: two instances of the ticket service, each counting the calls it serves, behind one
 * channel with weights or sticky routing; instances go NOT_SERVING or stop and come back.
 */
class LoadBalancingIT {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final int USERS = 40;

    private Instance first;
    private Instance second;
    private GrpcChannels channels;

    @BeforeEach
    void startInstances() throws IOException {
        first = new Instance("first", 0);
        second = new Instance("second", 0);
    }

    @AfterEach
    void stop() {
        if (channels != null) {
            channels.close();
        }
        first.close();
        second.close();
    }

    @Test
    void weightsThreeToOneShareCallsThreeToOne() {
        connect(first.target() + ";weight=3," + second.target(), LoadBalancing.ROUND_ROBIN);
        awaitAnswersFrom(Set.of("first", "second"), () -> call(null));
        resetCounts();

        for (int i = 0; i < 400; i++) {
            call(null);
        }

        report("weighted 3:1, 400 calls", first.calls.get(), second.calls.get());
        assertThat(first.calls.get() + second.calls.get()).isEqualTo(400);
        assertThat(first.calls.get() / 400.0).isCloseTo(0.75, within(0.08));
    }

    @Test
    void stickyRoutingSendsEveryCallOfAUserToOneInstanceAndSpreadsUsersOverBoth() {
        connect(first.target() + "," + second.target(), LoadBalancing.STICKY_USER);
        awaitAnswersFrom(Set.of("first", "second"), () -> call(null));
        resetCounts();

        Map<String, String> homes = homes();

        Map<String, Integer> usersPerInstance = new HashMap<>();
        homes.values().forEach(home -> usersPerInstance.merge(home, 1, Integer::sum));
        report("sticky, users (of " + USERS + ") per instance", usersPerInstance.getOrDefault("first", 0),
                usersPerInstance.getOrDefault("second", 0));
        assertThat(usersPerInstance).containsOnlyKeys("first", "second");
        assertThat(first.calls.get() + second.calls.get()).isEqualTo(USERS * 10);

        resetCounts();
        for (int i = 0; i < 20; i++) {
            call(null);
        }
        assertThat(first.calls.get()).as("calls without a user go round robin").isEqualTo(10);
    }

    @Test
    void theGatewaysCallPathCarriesTheUserToThePicker() {
        connect(first.target() + "," + second.target(), LoadBalancing.STICKY_USER);
        GrpcBackend backend = new GrpcBackend(channels, OperationRegistry.platformServices(), new JsonTranscoder());
        awaitAnswersFrom(Set.of("first", "second"), () -> call(null));

        Set<String> instances = new HashSet<>();
        for (int user = 0; user < 20; user++) {
            Set<String> answeredBy = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                UpstreamOutcome outcome = backend.call(getEventAs("user-" + user));
                assertThat(outcome).isInstanceOf(UpstreamOutcome.Ok.class);
                String json = new String(((UpstreamOutcome.Ok) outcome).json(), StandardCharsets.UTF_8);
                answeredBy.add(json.contains("\"first\"") ? "first" : "second");
            }
            assertThat(answeredBy).as("user-" + user).hasSize(1);
            instances.addAll(answeredBy);
        }
        assertThat(instances).containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void stickyUsersOfAnInstanceThatGoesNotServingMoveAndComeBackOthersStay() {
        connect(first.target() + "," + second.target(), LoadBalancing.STICKY_USER);
        awaitAnswersFrom(Set.of("first", "second"), () -> call(null));
        Map<String, String> homes = homes();
        String userOfFirst = homes.entrySet().stream().filter(e -> e.getValue().equals("first"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();

        first.health.setStatus("", ServingStatus.NOT_SERVING);
        long moved = awaitOnlyAnswersFrom("second", () -> call(userOfFirst));

        resetCounts();
        for (String user : homes.keySet()) {
            assertThat(call(user)).as(user).isEqualTo("second");
        }
        assertThat(first.calls.get()).isZero();

        first.health.setStatus("", ServingStatus.SERVING);
        long back = awaitOnlyAnswersFrom("first", () -> call(userOfFirst));
        assertThat(homes()).as("every user is home again").isEqualTo(homes);
        report("sticky, NOT_SERVING: ms until its users moved / came back", moved, back);
    }

    @Test
    void weightedCallsLeaveAnInstanceThatGoesNotServingAndReturnWhenItServes() {
        connect(first.target() + ";weight=3," + second.target(), LoadBalancing.ROUND_ROBIN);
        awaitAnswersFrom(Set.of("first", "second"), () -> call(null));

        first.health.setStatus("", ServingStatus.NOT_SERVING);
        long moved = awaitOnlyAnswersFrom("second", () -> call(null));
        resetCounts();
        for (int i = 0; i < 40; i++) {
            call(null);
        }
        assertThat(second.calls.get()).isEqualTo(40);

        first.health.setStatus("", ServingStatus.SERVING);
        long start = System.nanoTime();
        awaitAnswersFrom(Set.of("first"), () -> call(null));
        long back = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        resetCounts();
        for (int i = 0; i < 400; i++) {
            call(null);
        }
        report("weighted 3:1 after NOT_SERVING and back, 400 calls", first.calls.get(), second.calls.get());
        report("weighted, NOT_SERVING: ms until calls moved / came back", moved, back);
        assertThat(first.calls.get() / 400.0).isCloseTo(0.75, within(0.08));
    }

    @Test
    void stickyUsersOfAStoppedInstanceMoveAndComeBackWhenItRestarts() throws IOException {
        connect(first.target() + "," + second.target(), LoadBalancing.STICKY_USER);
        awaitAnswersFrom(Set.of("first", "second"), () -> call(null));
        Map<String, String> homes = homes();
        String userOfFirst = homes.entrySet().stream().filter(e -> e.getValue().equals("first"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        int port = first.port();

        first.close();
        long moved = awaitOnlyAnswersFrom("second", () -> call(userOfFirst));
        for (String user : homes.keySet()) {
            assertThat(call(user)).as(user).isEqualTo("second");
        }

        first = Instance.restart("first", port);
        long back = awaitOnlyAnswersFrom("first", () -> call(userOfFirst));
        assertThat(homes()).as("every user is home again").isEqualTo(homes);
        report("sticky, stopped: ms until its users moved / came back after restart", moved, back);
    }

    @Test
    void withNoInstanceServingCallsFailFastAsUnavailableAndTheChannelRecovers() {
        connect(first.target() + "," + second.target(), LoadBalancing.STICKY_USER);
        awaitAnswersFrom(Set.of("first", "second"), () -> call(null));

        first.health.setStatus("", ServingStatus.NOT_SERVING);
        second.health.setStatus("", ServingStatus.NOT_SERVING);
        awaitState("transient_failure");

        long start = System.nanoTime();
        StatusRuntimeException failure = org.assertj.core.api.Assertions.catchThrowableOfType(
                StatusRuntimeException.class, () -> call("user-1"));
        assertThat(failure.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));

        second.health.setStatus("", ServingStatus.SERVING);
        awaitState("connected");
        assertThat(call("user-1")).isEqualTo("second");
    }

    @Test
    void stickyReadsThroughTheWholeStackKeepSucceedingWhileAStubInstanceGoesNotServingAndStops() {
        try (StubCluster stubs = StubServices.start(StubConfig.defaults().withEphemeralPorts())) {
            GrpcClientSettings.Builder settings = GrpcClientSettings.builder();
            for (StubService service : StubService.values()) {
                settings.target(Upstream.valueOf(service.name()), stubs.target(service));
            }
            channels = new GrpcChannels(settings.stickyByUser(Upstream.TICKET).build());
            OperationRegistry registry = OperationRegistry.platformServices();
            CircuitBreakingBackend breakers = new CircuitBreakingBackend(
                    new GrpcBackend(channels, registry, new JsonTranscoder()), new BreakerSettings(5, Duration.ofMillis(500)),
                    new GrpcHealthProbe(channels));
            Backend backend = new RetryingBackend(breakers, registry, RetrySettings.DEFAULTS);

            List<UpstreamOutcome> failed = new java.util.ArrayList<>();
            for (int i = 0; i < 300; i++) {
                if (i == 100) {
                    stubs.setServing(StubService.TICKET, 0, false);
                }
                if (i == 200) {
                    stubs.stopInstance(StubService.TICKET, 0);
                }
                UpstreamOutcome outcome = backend.call(getEventAs("user-" + (i % 20), "evt-001"));
                if (!(outcome instanceof UpstreamOutcome.Ok)) {
                    failed.add(outcome);
                }
            }

            assertThat(failed).isEmpty();
            breakers.close();
        }
    }

    @Test
    void aHungInstanceLeavesTheRotationWithinSecondsAndTheOtherServesEveryCall() throws Exception {
        connect(first.target() + "," + second.target(), LoadBalancing.ROUND_ROBIN);
        awaitAnswersFrom(Set.of("first", "second"), () -> call(null));

        // As a frozen process: its connection and its health stream stay open, and nothing answers.
        second.hung = true;
        long start = System.nanoTime();
        AtomicBoolean done = new AtomicBoolean();
        int inARow = 0;
        try (var traffic = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int caller = 0; caller < 7; caller++) {
                traffic.submit(() -> {
                    while (!done.get()) {
                        attempt(() -> call(null, Duration.ofSeconds(1)));
                    }
                });
            }
            long end = start + Duration.ofSeconds(20).toNanos();
            while (inARow < 20 && System.nanoTime() < end) {
                inARow = attempt(() -> call(null, Duration.ofSeconds(1))).filter("first"::equals).isPresent()
                        ? inARow + 1 : 0;
            }
            done.set(true);
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        report("hung instance: ms until 20 calls in a row went to the other", tookMillis, 0);
        assertThat(inARow).as("calls in a row answered by first").isEqualTo(20);
        // its calls must end at their 1 s deadline, then an interval of 2 s judges them
        assertThat(tookMillis).isLessThan(10_000);

        resetCounts();
        for (int i = 0; i < 40; i++) {
            assertThat(call(null, Duration.ofSeconds(1))).isEqualTo("first");
        }
        assertThat(second.calls.get()).isZero();
    }

    private void awaitState(String state) {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (!channels.state(Upstream.TICKET).equals(state) && System.nanoTime() < end) {
            pause();
        }
        assertThat(channels.state(Upstream.TICKET)).isEqualTo(state);
    }

    private void connect(String ticketTarget, LoadBalancing policy) {
        channels = new GrpcChannels(GrpcClientSettingsTest.allTargets()
                .target(Upstream.TICKET, ticketTarget)
                .loadBalancing(Upstream.TICKET, policy)
                .build());
    }

    /** Ten calls for each of {@link #USERS} users; every user's calls must land on one instance, which is returned. */
    private Map<String, String> homes() {
        Map<String, String> homes = new HashMap<>();
        for (int user = 0; user < USERS; user++) {
            String id = "user-" + user;
            Set<String> answeredBy = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                answeredBy.add(call(id));
            }
            assertThat(answeredBy).as(id + " stuck to one instance").hasSize(1);
            homes.put(id, answeredBy.iterator().next());
        }
        return homes;
    }

    /** Which instance answered a call, with {@code userId} as x-user-id when not null. */
    private String call(String userId) {
        return call(userId, Duration.ofSeconds(2));
    }

    private String call(String userId, Duration deadline) {
        TicketServiceGrpc.TicketServiceBlockingStub stub = TicketServiceGrpc.newBlockingStub(
                channels.channel(Upstream.TICKET)).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (userId != null) {
            Metadata headers = new Metadata();
            headers.put(CallHeaders.USER_ID, userId);
            stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        return stub.getEventById(GetEventByIdRequest.newBuilder().setEventId("e-1").build()).getName();
    }

    private static UpstreamCall getEventAs(String userId) {
        return getEventAs(userId, "e-1");
    }

    private static UpstreamCall getEventAs(String userId, String eventId) {
        CallContext context = new CallContext(new RequestId("req-1"),
                Optional.of(new Identity(new UserId(userId), new SessionId("s-1"), "token")), Optional.empty(),
                Duration.ofSeconds(2));
        return new UpstreamCall(Calls.GET_EVENT, new byte[0], Map.of("eventId", eventId), Set.of(), context);
    }

    private void resetCounts() {
        first.calls.set(0);
        second.calls.set(0);
    }

    private static void report(String what, long first, long second) {
        System.out.println("LoadBalancingIT: " + what + ": first=" + first + " second=" + second);
    }

    private static void awaitAnswersFrom(Set<String> expected, Supplier<String> call) {
        Set<String> seen = new HashSet<>();
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (!seen.containsAll(expected) && System.nanoTime() < end) {
            attempt(call).ifPresent(seen::add);
            pause();
        }
        assertThat(seen).containsAll(expected);
    }

    /** Until ten calls in a row were answered by {@code name} (failed calls on the way tolerated); the ms it took. */
    private static long awaitOnlyAnswersFrom(String name, Supplier<String> call) {
        long start = System.nanoTime();
        int inARow = 0;
        long end = start + PATIENCE.toNanos();
        while (inARow < 10 && System.nanoTime() < end) {
            inARow = attempt(call).filter(name::equals).isPresent() ? inARow + 1 : 0;
            pause();
        }
        assertThat(inARow).as("calls in a row answered by " + name).isEqualTo(10);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static Optional<String> attempt(Supplier<String> call) {
        try {
            return Optional.of(call.get());
        } catch (StatusRuntimeException e) {
            return Optional.empty();
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

    /**
     * A gRPC server on 127.0.0.1 (a free port, or the one given): a health service and a ticket
     * service that answers with the instance's name; a server interceptor counts the ticket calls.
     */
    private static final class Instance implements AutoCloseable {
        final HealthStatusManager health = new HealthStatusManager();
        final AtomicInteger calls = new AtomicInteger();
        /** Takes calls and never answers them, as a frozen process. */
        volatile boolean hung;
        final Server server;

        Instance(String name, int port) throws IOException {
            ServerInterceptor counting = new ServerInterceptor() {
                @Override
                public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
                        Metadata headers, ServerCallHandler<ReqT, RespT> next) {
                    calls.incrementAndGet();
                    return next.startCall(call, headers);
                }
            };
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                    .addService(health.getHealthService())
                    .addService(ServerInterceptors.intercept(new TicketServiceGrpc.TicketServiceImplBase() {
                        @Override
                        public void getEventById(GetEventByIdRequest request, StreamObserver<Event> reply) {
                            if (hung) {
                                return;
                            }
                            reply.onNext(Event.newBuilder().setId(request.getEventId()).setName(name).build());
                            reply.onCompleted();
                        }
                    }, counting))
                    .build()
                    .start();
        }

        /** A new instance on the port a stopped one had; the port may take a moment to be free. */
        static Instance restart(String name, int port) throws IOException {
            for (int attempt = 1; ; attempt++) {
                try {
                    return new Instance(name, port);
                } catch (IOException e) {
                    if (attempt == 20) {
                        throw e;
                    }
                    pause();
                }
            }
        }

        int port() {
            return server.getPort();
        }

        String target() {
            return "127.0.0.1:" + port();
        }

        @Override
        public void close() {
            server.shutdownNow();
            try {
                server.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
