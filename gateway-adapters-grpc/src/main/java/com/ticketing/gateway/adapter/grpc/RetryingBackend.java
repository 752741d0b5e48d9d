package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.model.CallContext;
import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.port.Backend;
import com.ticketing.gateway.domain.port.UpstreamCall;
import com.ticketing.gateway.domain.route.Upstream;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The one layer that retries upstream calls (gRFC A6 rules). Meant to wrap a
 * {@link CircuitBreakingBackend}: {@code RetryingBackend(CircuitBreakingBackend(GrpcBackend))}, so
 * that every attempt passes the breaker and counts in it (an outage opens the circuit after
 * N failed attempts, not N failed client requests) and an open circuit ends the retries at once.
 * The other order would count three failed attempts as one failure and keep retrying into an
 * open circuit.
 *
 * <p>A unary call is retried only when all of these hold:
 * <ul>
 *   <li>it failed UNAVAILABLE (the service did not process it); an open circuit
 *       ({@link UpstreamOutcome.CircuitOpen}) never, nor DEADLINE_EXCEEDED: the deadline spans all
 *       attempts;</li>
 *   <li>replaying it is safe: the RPC is idempotent by its contract ({@link GrpcOperation#idempotent()},
 *       from {@code idempotency_level} in the proto), or the call carries an idempotency key;
 *       a write without a key is sent once;</li>
 *   <li>fewer than {@link RetrySettings#maxAttempts()} attempts were made;</li>
 *   <li>after the pause, at least {@link RetrySettings#minTimeLeft()} of the call's deadline is
 *       left; each attempt gets only what is left;</li>
 *   <li>the service's {@link RetryBudget} has a token.</li>
 * </ul>
 * Pauses are exponential with full jitter: before retry {@code k}, a uniform pick in
 * {@code [0, min(maxBackoff, initialBackoff * 2^(k-1)))}.
 *
 * <p>Streams are never retried: messages already handed on cannot be taken back, and a stream's
 * client (server-sent events) reconnects on its own.
 *
 * <p>Thread-safe; blocks the calling thread during pauses (meant for virtual threads).
 *
 * <p>Not resilience4j-retry, on purpose: its {@code Retry} replays the same call with a fixed
 * attempt count and interval function, but these rules need what it has no place for: each attempt
 * must carry only what is left of the client's deadline (a new {@link UpstreamCall}, not the same
 * supplier), a retry must be skipped when too little of that deadline would be left after the pause,
 * and retries across all calls to a service are capped by a token bucket ({@link RetryBudget},
 * gRFC A6 retry throttling), which resilience4j-retry does not provide. Bending it to these rules
 * (side effects in {@code retryOnResult}, a mutable call holder) would hide them rather than state them.
 */
public final class RetryingBackend implements Backend {

    /** Sleeps for a number of nanoseconds. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    /**
     * Told of each retry made and of each one the service's budget refused (counters, say); must be
     * quick and must not throw.
     */
    public interface Events {
        /** A retry of a call to {@code service} is about to be made. */
        void retried(Upstream service);

        /** A call to {@code service} could have been retried but its budget was spent. */
        void budgetSpent(Upstream service);

        /** Tells nothing. */
        Events NONE = new Events() {
            @Override
            public void retried(Upstream service) {
            }

            @Override
            public void budgetSpent(Upstream service) {
            }
        };
    }

    private static final System.Logger LOG = System.getLogger(RetryingBackend.class.getName());

    private final Backend delegate;
    private final OperationRegistry registry;
    private final RetrySettings settings;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;
    private final Map<Upstream, RetryBudget> budgets;
    private final Map<Upstream, AtomicBoolean> budgetWarned;
    private final Events events;

    public RetryingBackend(Backend delegate, OperationRegistry registry, RetrySettings settings) {
        this(delegate, registry, settings, Events.NONE);
    }

    public RetryingBackend(Backend delegate, OperationRegistry registry, RetrySettings settings, Events events) {
        this(delegate, registry, settings, System::nanoTime, TimeUnit.NANOSECONDS::sleep,
                () -> ThreadLocalRandom.current().nextDouble(), events);
    }

    RetryingBackend(Backend delegate, OperationRegistry registry, RetrySettings settings, LongSupplier nanoTime,
                    Sleeper sleeper, DoubleSupplier jitter) {
        this(delegate, registry, settings, nanoTime, sleeper, jitter, Events.NONE);
    }

    /**
     * @param nanoTime the clock of deadlines, as {@link System#nanoTime()}
     * @param jitter   uniform picks in [0, 1)
     */
    RetryingBackend(Backend delegate, OperationRegistry registry, RetrySettings settings, LongSupplier nanoTime,
                    Sleeper sleeper, DoubleSupplier jitter, Events events) {
        this.events = Objects.requireNonNull(events, "events");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        Map<Upstream, RetryBudget> builtBudgets = new EnumMap<>(Upstream.class);
        Map<Upstream, AtomicBoolean> warned = new EnumMap<>(Upstream.class);
        for (Upstream service : Upstream.values()) {
            builtBudgets.put(service, new RetryBudget(settings.budgetRatio(), settings.budgetCap()));
            warned.put(service, new AtomicBoolean());
        }
        this.budgets = Collections.unmodifiableMap(builtBudgets);
        this.budgetWarned = Collections.unmodifiableMap(warned);
    }

    @Override
    public UpstreamOutcome call(UpstreamCall call) {
        long end = nanoTime.getAsLong() + call.context().deadline().toNanos();
        RetryBudget budget = budgets.get(call.operation().service());
        budget.deposit();
        return retried(call, end, budget, delegate.call(call));
    }

    /** The first attempt waits for the admission; a call that was not admitted deposits nothing. */
    @Override
    public Optional<UpstreamOutcome> callIfAdmitted(UpstreamCall call, CompletionStage<Boolean> admission) {
        if (admission.toCompletableFuture().isDone()) {
            return Backend.super.callIfAdmitted(call, admission);
        }
        long end = nanoTime.getAsLong() + call.context().deadline().toNanos();
        Optional<UpstreamOutcome> first = delegate.callIfAdmitted(call, admission);
        if (first.isEmpty()) {
            return first;
        }
        RetryBudget budget = budgets.get(call.operation().service());
        budget.deposit();
        return Optional.of(retried(call, end, budget, first.get()));
    }

    /** Retries {@code first}, the first attempt's outcome, while it may be, within the deadline that ends at {@code end}. */
    private UpstreamOutcome retried(UpstreamCall call, long end, RetryBudget budget, UpstreamOutcome first) {
        Upstream service = call.operation().service();
        UpstreamOutcome outcome = first;
        for (int attempt = 1; attempt < settings.maxAttempts() && retryable(outcome, call); attempt++) {
            long pause = pause(attempt);
            if (end - nanoTime.getAsLong() - pause < settings.minTimeLeft().toNanos()) {
                return outcome;
            }
            if (!withdraw(budget, service)) {
                return outcome;
            }
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                budget.refund(); // no retry is made: its token goes back
                return outcome;
            }
            long left = end - nanoTime.getAsLong();
            if (left <= 0) {
                budget.refund();
                return outcome;
            }
            LOG.log(System.Logger.Level.DEBUG, "retrying {0} (request {1}), attempt {2}",
                    call.operation(), call.context().requestId(), attempt + 1);
            events.retried(service);
            outcome = delegate.call(withDeadline(call, Duration.ofNanos(left)));
        }
        return outcome;
    }

    @Override
    public UpstreamOutcome stream(UpstreamCall call, Consumer<byte[]> onMessage) {
        return delegate.stream(call, onMessage);
    }

    private boolean retryable(UpstreamOutcome outcome, UpstreamCall call) {
        return outcome instanceof UpstreamOutcome.Failed failed
                && failed.kind() == FailureKind.UNAVAILABLE
                && (call.context().idempotencyKey().isPresent() || registry.require(call.operation()).idempotent());
    }

    /** The pause before retry {@code retry} (1 for the first), in nanoseconds. */
    private long pause(int retry) {
        long ceiling = Math.min(settings.maxBackoff().toNanos(),
                settings.initialBackoff().toNanos() << (retry - 1));
        return (long) (jitter.getAsDouble() * ceiling);
    }

    private boolean withdraw(RetryBudget budget, Upstream service) {
        AtomicBoolean warned = budgetWarned.get(service);
        if (budget.tryWithdraw()) {
            warned.set(false);
            return true;
        }
        events.budgetSpent(service);
        if (warned.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "retry budget of {0} is spent: failed calls are not retried "
                    + "until first attempts earn tokens again", service.healthName());
        }
        return false;
    }

    private static UpstreamCall withDeadline(UpstreamCall call, Duration left) {
        CallContext context = call.context().withDeadline(left);
        return new UpstreamCall(call.operation(), call.jsonBody(), call.fields(), call.responseFields(), context);
    }

    /** The budget of {@code service}, for tests. */
    RetryBudget budget(Upstream service) {
        return budgets.get(service);
    }
}
