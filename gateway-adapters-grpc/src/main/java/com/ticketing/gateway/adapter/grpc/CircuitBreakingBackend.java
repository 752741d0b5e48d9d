package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.port.Backend;
import com.ticketing.gateway.domain.port.UpstreamCall;
import com.ticketing.gateway.domain.route.Upstream;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A resilience4j circuit breaker per {@link Upstream} in front of another {@link Backend}, all
 * built at construction and named after the service ({@code ticket-service}, …) in
 * {@link #registry()}. A circuit opens after {@link BreakerSettings#consecutiveFailures()}
 * infrastructure failures in a row (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN); business
 * answers are successes. An open circuit answers {@link UpstreamOutcome.CircuitOpen} at once without
 * calling the delegate; after {@link BreakerSettings#openFor()} a {@code grpc.health.v1} check
 * (after resetting the channel's reconnect backoff) decides whether it closes. See
 * {@link ServiceBreaker} for the rules on top of resilience4j. An {@code Unmappable} outcome
 * (nothing was sent) counts neither way, nor does a DEADLINE_EXCEEDED of a call whose deadline the
 * client shortened ({@link com.ticketing.gateway.domain.model.CallContext#clientDeadline()}) or whose
 * admission took the whole deadline, nor a CANCELLED call (our side gave up).
 *
 * <p>Streams pass the same circuit: one that fails for infrastructure reasons before its first
 * message is a failure; its first message is a success, whatever happens later.
 *
 * <p>Thread-safe. Every change of state is logged at WARN and handed to the listeners of
 * {@link #onTransition}. {@link #close()} stops the timer of open periods.
 */
public final class CircuitBreakingBackend implements Backend, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CircuitBreakingBackend.class.getName());

    /** What a stream's first message counts as: the service answered. */
    private static final UpstreamOutcome.Ok FIRST_MESSAGE = new UpstreamOutcome.Ok(new byte[0], false, Map.of());

    private final Backend delegate;
    private final CircuitBreakerRegistry registry;
    private final Map<Upstream, ServiceBreaker> breakers;
    private final List<BiConsumer<Upstream, String>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;

    /** Breakers on the system clock whose open periods end on a daemon thread of their own. */
    public CircuitBreakingBackend(Backend delegate, BreakerSettings settings, HealthProbe probe) {
        this(delegate, settings, probe, Clock.systemUTC(), Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("circuit-breaker-timer").daemon().factory()));
    }

    private CircuitBreakingBackend(Backend delegate, BreakerSettings settings, HealthProbe probe, Clock clock,
                                   ScheduledExecutorService scheduler) {
        this(delegate, settings, probe, clock, (delay, task) -> schedule(scheduler, delay, task), scheduler);
    }

    /**
     * @param clock the clock of open periods (resilience4j's too)
     * @param timer ends open periods; tests pass a manual one
     */
    CircuitBreakingBackend(Backend delegate, BreakerSettings settings, HealthProbe probe, Clock clock,
                           ServiceBreaker.Timer timer) {
        this(delegate, settings, probe, clock, timer, null);
    }

    private CircuitBreakingBackend(Backend delegate, BreakerSettings settings, HealthProbe probe, Clock clock,
                                   ServiceBreaker.Timer timer, ScheduledExecutorService scheduler) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(settings, "settings");
        this.scheduler = scheduler;
        this.registry = CircuitBreakerRegistry.of(ServiceBreaker.config(settings, clock));
        Map<Upstream, ServiceBreaker> built = new EnumMap<>(Upstream.class);
        for (Upstream service : Upstream.values()) {
            built.put(service, new ServiceBreaker(service, registry.circuitBreaker(service.healthName()), settings,
                    probe, timer, clock, this::changed));
        }
        this.breakers = Collections.unmodifiableMap(built);
    }

    @Override
    public UpstreamOutcome call(UpstreamCall call) {
        ServiceBreaker breaker = breakers.get(call.operation().service());
        ServiceBreaker.Permit permit = breaker.tryAcquire();
        if (permit == null) {
            return breaker.refusal();
        }
        UpstreamOutcome outcome;
        try {
            outcome = delegate.call(call);
        } catch (RuntimeException | Error e) {
            // A bug (e.g. an unknown operation), not a verdict on the service.
            breaker.release(permit);
            throw e;
        }
        breaker.onOutcome(permit, outcome, call.context().clientDeadline());
        return outcome;
    }

    /**
     * A call waiting for its admission holds its permit meanwhile; a call that was not admitted gives
     * it back, as a call that was never made. The circuit is asked again only for an admitted request,
     * once its admission is decided: a request refused anyway (e.g. rate-limited) meets no circuit and
     * is not counted as refused by it. So a circuit that is not closed when the request arrives is
     * asked once the request is admitted, as a call made then (it may have closed meanwhile), and a
     * circuit that opened while the call waited withholds it when it is admitted: it is not sent, and
     * the circuit is asked then. A call whose admission took its whole deadline (a slow store) ran out
     * of time before it could be sent: its DEADLINE_EXCEEDED tells of the store, not of the service,
     * and does not count. A call's time, for the breaker's timer, starts when it is admitted.
     */
    @Override
    public Optional<UpstreamOutcome> callIfAdmitted(UpstreamCall call, CompletionStage<Boolean> admission) {
        if (admission.toCompletableFuture().isDone()) {
            return Backend.super.callIfAdmitted(call, admission);
        }
        ServiceBreaker breaker = breakers.get(call.operation().service());
        ServiceBreaker.Permit permit = breaker.tryAcquireIfClosed();
        if (permit == null) {
            return Backend.super.callIfAdmitted(call, admission);
        }
        AdmissionGate gate = new AdmissionGate(breaker, permit.startNanos());
        Optional<UpstreamOutcome> outcome;
        try {
            outcome = delegate.callIfAdmitted(call, admission.thenApply(gate));
        } catch (RuntimeException | Error e) {
            breaker.release(permit);
            throw e;
        }
        if (outcome.isEmpty()) {
            breaker.release(permit);
            if (gate.withheld) {
                return Optional.of(call(call));
            }
        } else {
            boolean admittedTooLate = gate.admittedNanos - permit.startNanos() >= call.context().deadline().toNanos();
            breaker.onOutcome(new ServiceBreaker.Permit(permit.generation(), gate.admittedNanos), outcome.get(),
                    call.context().clientDeadline() || admittedTooLate);
        }
        return outcome;
    }

    /**
     * Applied to a call's admission on the thread that decides it: when the call was admitted, and whether
     * its circuit, no longer closed by then, withheld it. Read by the caller once the call is answered.
     */
    private static final class AdmissionGate implements Function<Boolean, Boolean> {
        private final ServiceBreaker breaker;
        private volatile long admittedNanos;
        private volatile boolean withheld;

        AdmissionGate(ServiceBreaker breaker, long askedNanos) {
            this.breaker = breaker;
            this.admittedNanos = askedNanos;
        }

        @Override
        public Boolean apply(Boolean admitted) {
            admittedNanos = System.nanoTime();
            if (admitted && breaker.state() != CircuitBreaker.State.CLOSED) {
                withheld = true;
                return false;
            }
            return admitted;
        }
    }

    @Override
    public UpstreamOutcome stream(UpstreamCall call, Consumer<byte[]> onMessage) {
        ServiceBreaker breaker = breakers.get(call.operation().service());
        ServiceBreaker.Permit permit = breaker.tryAcquire();
        if (permit == null) {
            return breaker.refusal();
        }
        boolean[] received = {false};
        UpstreamOutcome outcome;
        try {
            outcome = delegate.stream(call, message -> {
                if (!received[0]) {
                    received[0] = true;
                    breaker.onOutcome(permit, FIRST_MESSAGE, false);
                }
                onMessage.accept(message);
            });
        } catch (RuntimeException | Error e) {
            if (!received[0]) {
                breaker.release(permit);
            }
            throw e;
        }
        if (!received[0]) {
            breaker.onOutcome(permit, outcome, call.context().clientDeadline());
        }
        return outcome;
    }

    /** Every service's circuit: {@code closed}, {@code open} or {@code half_open}. */
    public Map<Upstream, String> states() {
        Map<Upstream, String> states = new EnumMap<>(Upstream.class);
        breakers.forEach((service, breaker) -> states.put(service, wireName(breaker.state())));
        return Collections.unmodifiableMap(states);
    }

    /** The resilience4j breakers, one per service named by its health name; for metrics. */
    public CircuitBreakerRegistry registry() {
        return registry;
    }

    /**
     * Adds a listener told of every change of state (service, new state as in {@link #states()}),
     * on the thread that caused it. It must be quick and must not throw.
     */
    public void onTransition(BiConsumer<Upstream, String> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops ending open periods (the circuits stay as they are); idempotent. */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** The name {@code /health/detailed} and logs use. */
    static String wireName(CircuitBreaker.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private void changed(Upstream service, CircuitBreaker.State from, CircuitBreaker.State to) {
        LOG.log(System.Logger.Level.WARNING, "circuit breaker of {0}: {1} -> {2}",
                service.healthName(), wireName(from), wireName(to));
        for (BiConsumer<Upstream, String> listener : listeners) {
            try {
                listener.accept(service, wireName(to));
            } catch (RuntimeException e) {
                // A broken metrics or log hook must not fail the call that moved the circuit.
                LOG.log(System.Logger.Level.ERROR, "circuit breaker listener failed", e);
            }
        }
    }

    private static void schedule(ScheduledExecutorService scheduler, java.time.Duration delay, Runnable task) {
        try {
            scheduler.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "circuit breaker trial failed", e);
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // Closed: the gateway is shutting down, no open period needs to end.
        }
    }
}
