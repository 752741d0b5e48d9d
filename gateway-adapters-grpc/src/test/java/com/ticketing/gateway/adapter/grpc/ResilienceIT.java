package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.port.Backend;
import com.ticketing.gateway.domain.port.UpstreamCall;
import com.ticketing.gateway.domain.route.Upstream;
import com.ticketing.stub.StubCluster;
import com.ticketing.stub.StubConfig;
import com.ticketing.stub.StubService;
import com.ticketing.stub.StubServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole call path over real TCP against the stub services (two instances of each):
 * {@code RetryingBackend(CircuitBreakingBackend(GrpcBackend))}, with a counter in front of
 * GrpcBackend that tells which attempts left the breaker.
 */
class ResilienceIT {

    private static final Duration OPEN_FOR = Duration.ofMillis(500);
    private static final Duration DEADLINE = Duration.ofSeconds(2);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private StubCluster stubs;
    private GrpcChannels channels;
    private Counting reachingGrpc;
    private CircuitBreakingBackend breaker;
    private Backend backend;
    private final List<String> transitions = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        stubs = StubServices.start(StubConfig.defaults().withEphemeralPorts());
        connect(stubs.target(StubService.TICKET));
    }

    /** The full stack, with the ticket service at {@code ticketTarget} and the others at the stubs. */
    private void connect(String ticketTarget) {
        GrpcClientSettings.Builder settings = GrpcClientSettings.builder();
        for (StubService service : StubService.values()) {
            settings.target(Upstream.valueOf(service.name()), stubs.target(service));
        }
        settings.target(Upstream.TICKET, ticketTarget);
        channels = new GrpcChannels(settings.build());
        OperationRegistry registry = OperationRegistry.platformServices();
        reachingGrpc = new Counting(new GrpcBackend(channels, registry, new JsonTranscoder()));
        breaker = new CircuitBreakingBackend(reachingGrpc, new BreakerSettings(5, OPEN_FOR), new GrpcHealthProbe(channels));
        breaker.onTransition((service, state) -> transitions.add(service.healthName() + " " + state));
        backend = new RetryingBackend(breaker, registry, RetrySettings.DEFAULTS);
    }

    @AfterEach
    void stop() {
        breaker.close();
        channels.close();
        stubs.close();
    }

    @Test
    void readsKeepSucceedingWhileOneOfTwoInstancesStops() {
        List<UpstreamOutcome> failed = new ArrayList<>();
        CompletableFuture<Void> stopping = null;

        for (int i = 0; i < 200; i++) {
            if (i == 50) {
                stopping = CompletableFuture.runAsync(() -> stubs.stopInstance(StubService.TICKET, 0));
            }
            UpstreamOutcome outcome = backend.call(getEvent(DEADLINE));
            if (!(outcome instanceof UpstreamOutcome.Ok)) {
                failed.add(outcome);
            }
        }
        stopping.join();

        assertThat(failed).isEmpty();
        assertThat(stubs.isRunning(StubService.TICKET, 0)).isFalse();
        assertThat(breaker.states().get(Upstream.TICKET)).isEqualTo("closed");
    }

    @Test
    void readsInFlightOnAnInstanceThatDiesAbruptlyAreRetriedOnTheOther() throws Exception {
        channels.close();
        try (TcpProxy doomed = new TcpProxy(stubs.port(StubService.TICKET, 0))) {
            connect("127.0.0.1:" + doomed.port() + ",127.0.0.1:" + stubs.port(StubService.TICKET, 1));
            assertThat(backend.call(getEvent(DEADLINE))).isInstanceOf(UpstreamOutcome.Ok.class);
            // round_robin connects to every instance at first use; give the second one time to join
            sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300));
            stubs.setLatency(StubService.TICKET, 0, Duration.ofMillis(300));
            reachingGrpc.reset();

            List<CompletableFuture<UpstreamOutcome>> reads = new ArrayList<>();
            try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 8; i++) {
                    reads.add(CompletableFuture.supplyAsync(() -> backend.call(getEvent(DEADLINE)), threads));
                }
                sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
                doomed.kill();
            }

            assertThat(reads).allSatisfy(read -> assertThat(read.get()).isInstanceOf(UpstreamOutcome.Ok.class));
            assertThat(reachingGrpc.calls()).as("the reads caught on the dead instance went again").isGreaterThan(8);
            assertThat(breaker.states().get(Upstream.TICKET)).isEqualTo("closed");
        }
    }

    @Test
    void withBothInstancesDownTheCircuitOpensAfterFiveFailedAttemptsAndAHealthCheckTrialClosesItAgain() {
        assertThat(backend.call(getEvent(DEADLINE))).isInstanceOf(UpstreamOutcome.Ok.class);
        reachingGrpc.reset();
        stubs.stopInstance(StubService.TICKET, 0);
        stubs.stopInstance(StubService.TICKET, 1);

        List<UpstreamOutcome> outcomes = new ArrayList<>();
        while (!breaker.states().get(Upstream.TICKET).equals("open") && outcomes.size() < 10) {
            outcomes.add(backend.call(getEvent(DEADLINE)));
        }

        // three attempts of the first call, two of the second; its third meets the open circuit
        assertThat(reachingGrpc.calls()).isEqualTo(5);
        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0)).isEqualTo(UpstreamOutcome.Failed.of(FailureKind.UNAVAILABLE));
        assertThat(outcomes.get(1)).isInstanceOf(UpstreamOutcome.CircuitOpen.class);
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            UpstreamOutcome outcome = backend.call(getEvent(DEADLINE));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(5));
            assertThat(outcome).isInstanceOf(UpstreamOutcome.CircuitOpen.class);
        }
        // trials (health checks) fail while the instances are down: the circuit stays open
        sleepUntil(System.nanoTime() + OPEN_FOR.multipliedBy(3).toNanos());
        assertThat(breaker.states().get(Upstream.TICKET)).isIn("open", "half_open");

        stubs.startInstance(StubService.TICKET, 0);
        stubs.startInstance(StubService.TICKET, 1);
        long serving = System.nanoTime();
        long end = serving + OPEN_FOR.plusSeconds(2).toNanos();
        while (!breaker.states().get(Upstream.TICKET).equals("closed") && System.nanoTime() < end) {
            sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10));
        }

        assertThat(breaker.states().get(Upstream.TICKET)).as("closed by a health check within the open time + 2 s")
                .isEqualTo("closed");
        assertThat(reachingGrpc.calls()).as("no client call was the trial").isEqualTo(5);
        assertThat(backend.call(getEvent(DEADLINE))).isInstanceOf(UpstreamOutcome.Ok.class);
        assertThat(transitions).startsWith("ticket-service open", "ticket-service half_open", "ticket-service open")
                .endsWith("ticket-service half_open", "ticket-service closed");
    }

    @Test
    void aSlowServiceAnswersDeadlineExceededWhichOpensTheCircuitWhileItStaysHealthy() {
        assertThat(backend.call(getEvent(DEADLINE))).isInstanceOf(UpstreamOutcome.Ok.class);
        reachingGrpc.reset();
        stubs.setLatency(StubService.TICKET, 0, Duration.ofMillis(400));
        stubs.setLatency(StubService.TICKET, 1, Duration.ofMillis(400));

        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            assertThat(backend.call(getEvent(Duration.ofMillis(100))))
                    .isEqualTo(UpstreamOutcome.Failed.of(FailureKind.DEADLINE_EXCEEDED));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
        }

        assertThat(reachingGrpc.calls()).as("DEADLINE_EXCEEDED is never retried").isEqualTo(5);
        assertThat(breaker.states().get(Upstream.TICKET)).isEqualTo("open");
        assertThat(backend.call(getEvent(Duration.ofMillis(100)))).isInstanceOf(UpstreamOutcome.CircuitOpen.class);
        assertThat(channels.state(Upstream.TICKET)).as("health checks are not delayed").isEqualTo("connected");
    }

    private static UpstreamCall getEvent(Duration deadline) {
        return Calls.getEvent("evt-001", deadline);
    }

    private void awaitConnected(Upstream service) {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (!channels.state(service).equals("connected") && System.nanoTime() < end) {
            sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertThat(channels.state(service)).isEqualTo("connected");
    }

    private static void sleepUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Counts the calls that reach the backend it wraps. */
    private static final class Counting implements Backend {
        private final Backend delegate;
        private final AtomicInteger calls = new AtomicInteger();

        Counting(Backend delegate) {
            this.delegate = delegate;
        }

        int calls() {
            return calls.get();
        }

        void reset() {
            calls.set(0);
        }

        @Override
        public UpstreamOutcome call(UpstreamCall call) {
            calls.incrementAndGet();
            return delegate.call(call);
        }

        @Override
        public UpstreamOutcome stream(UpstreamCall call, Consumer<byte[]> onMessage) {
            calls.incrementAndGet();
            return delegate.stream(call, onMessage);
        }
    }
}
