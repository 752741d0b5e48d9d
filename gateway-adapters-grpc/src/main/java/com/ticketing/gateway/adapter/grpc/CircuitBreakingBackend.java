package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.port.Backend;
import com.ticketing.gateway.domain.port.UpstreamCall;
import com.ticketing.gateway.domain.route.Upstream;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A circuit breaker per {@link Upstream} in front of another {@link Backend}, all built at
 * construction. A circuit opens after {@link BreakerSettings#consecutiveFailures()} infrastructure
 * failures in a row ({@link FailureKind#infrastructure()}: UNAVAILABLE, DEADLINE_EXCEEDED,
 * INTERNAL, UNKNOWN); business answers are successes and reset the count. An open circuit answers
 * {@link #OPEN} at once without calling the delegate, for {@link BreakerSettings#openFor()}; then
 * exactly one trial call goes through, whose success closes the circuit and whose failure opens it
 * again. An {@code Unmappable} outcome (nothing was sent) counts neither way.
 *
 * <p>Streams pass the same circuit: one that fails for infrastructure reasons before its first
 * message is a failure; its first message is a success, whatever happens later.
 *
 * <p>Thread-safe. Every change of state is logged at WARN and handed to the listeners of
 * {@link #onTransition}.
 */
public final class CircuitBreakingBackend implements Backend {

    /** The reason of {@link #OPEN}. */
    public static final String CIRCUIT_OPEN = "CIRCUIT_OPEN";

    /** What an open circuit answers. */
    public static final UpstreamOutcome.Failed OPEN = new UpstreamOutcome.Failed(FailureKind.UNAVAILABLE, CIRCUIT_OPEN, "");

    private static final System.Logger LOG = System.getLogger(CircuitBreakingBackend.class.getName());

    private final Backend delegate;
    private final Map<Upstream, ConsecutiveFailureBreaker> breakers;
    private final List<BiConsumer<Upstream, String>> listeners = new CopyOnWriteArrayList<>();

    public CircuitBreakingBackend(Backend delegate, BreakerSettings settings) {
        this(delegate, settings, System::nanoTime);
    }

    /** @param nanoTime the clock of the open period, as {@link System#nanoTime()} */
    public CircuitBreakingBackend(Backend delegate, BreakerSettings settings, LongSupplier nanoTime) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(settings, "settings");
        Map<Upstream, ConsecutiveFailureBreaker> built = new EnumMap<>(Upstream.class);
        for (Upstream service : Upstream.values()) {
            built.put(service, new ConsecutiveFailureBreaker(settings, nanoTime,
                    (from, to) -> changed(service, from, to)));
        }
        this.breakers = Collections.unmodifiableMap(built);
    }

    /** True for the answer of an open circuit, which must not be retried. */
    public static boolean isCircuitOpen(UpstreamOutcome outcome) {
        return outcome instanceof UpstreamOutcome.Failed failed
                && failed.kind() == FailureKind.UNAVAILABLE && CIRCUIT_OPEN.equals(failed.reason());
    }

    @Override
    public UpstreamOutcome call(UpstreamCall call) {
        ConsecutiveFailureBreaker breaker = breakers.get(call.operation().service());
        ConsecutiveFailureBreaker.Permit permit = breaker.tryAcquire();
        if (permit == null) {
            return OPEN;
        }
        UpstreamOutcome outcome;
        try {
            outcome = delegate.call(call);
        } catch (RuntimeException | Error e) {
            // A bug (e.g. an unknown operation), not a verdict on the service.
            breaker.release(permit);
            throw e;
        }
        record(breaker, permit, outcome);
        return outcome;
    }

    @Override
    public UpstreamOutcome stream(UpstreamCall call, Consumer<byte[]> onMessage) {
        ConsecutiveFailureBreaker breaker = breakers.get(call.operation().service());
        ConsecutiveFailureBreaker.Permit permit = breaker.tryAcquire();
        if (permit == null) {
            return OPEN;
        }
        boolean[] received = {false};
        UpstreamOutcome outcome;
        try {
            outcome = delegate.stream(call, message -> {
                if (!received[0]) {
                    received[0] = true;
                    breaker.onSuccess(permit);
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
            record(breaker, permit, outcome);
        }
        return outcome;
    }

    /** Every service's circuit: {@code closed}, {@code open} or {@code half_open}. */
    public Map<Upstream, String> states() {
        Map<Upstream, String> states = new EnumMap<>(Upstream.class);
        breakers.forEach((service, breaker) -> states.put(service, breaker.state().wireName()));
        return Collections.unmodifiableMap(states);
    }

    /**
     * Adds a listener told of every change of state (service, new state as in {@link #states()}),
     * on the thread of the call that caused it. It must be quick and must not throw.
     */
    public void onTransition(BiConsumer<Upstream, String> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private static void record(ConsecutiveFailureBreaker breaker, ConsecutiveFailureBreaker.Permit permit,
                               UpstreamOutcome outcome) {
        switch (outcome) {
            case UpstreamOutcome.Ok ok -> breaker.onSuccess(permit);
            case UpstreamOutcome.Failed failed when failed.kind().infrastructure() -> breaker.onFailure(permit);
            case UpstreamOutcome.Failed failed -> breaker.onSuccess(permit);
            case UpstreamOutcome.Unmappable unmappable -> breaker.release(permit);
        }
    }

    private void changed(Upstream service, ConsecutiveFailureBreaker.State from, ConsecutiveFailureBreaker.State to) {
        LOG.log(System.Logger.Level.WARNING, "circuit breaker of {0}: {1} -> {2}",
                service.healthName(), from.wireName(), to.wireName());
        for (BiConsumer<Upstream, String> listener : listeners) {
            try {
                listener.accept(service, to.wireName());
            } catch (RuntimeException e) {
                // A broken metrics or log hook must not fail the call that moved the circuit.
                LOG.log(System.Logger.Level.ERROR, "circuit breaker listener failed", e);
            }
        }
    }
}
