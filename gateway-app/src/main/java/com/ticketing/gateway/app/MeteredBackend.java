package com.ticketing.gateway.app;

import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.port.Backend;
import com.ticketing.gateway.domain.port.UpstreamCall;
import com.ticketing.gateway.domain.route.UpstreamOperation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes every upstream call as the domain sees it (after retries and the breaker):
 * <ul>
 *   <li>times it: {@code gateway_grpc_client_calls_seconds{service,method,status}} (its latency
 *       histogram's buckets come from {@link LatencyHistograms});</li>
 *   <li>runs it in a CLIENT span, child of the request's span, whose {@code traceparent} the gRPC
 *       adapter puts on the call — when the request is sampled; an unsampled request's call carries
 *       the request's own trace context, with no span made for it ({@link ServerObservation});</li>
 *   <li>logs one DEBUG line (logger {@code com.ticketing.gateway.app.MeteredBackend}): service,
 *       method, status, latency and request id — never the caller's token.</li>
 * </ul>
 * Everything constant per operation (tags, span name, timers) is built once and reused. Thread-safe.
 */
final class MeteredBackend implements Backend {

    private static final Logger LOG = LoggerFactory.getLogger(MeteredBackend.class);

    private final Backend delegate;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private final Map<UpstreamOperation, Instruments> instruments = new ConcurrentHashMap<>();

    MeteredBackend(Backend delegate, MeterRegistry registry, Tracer tracer) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    @Override
    public UpstreamOutcome call(UpstreamCall call) {
        return observe(call, () -> delegate.call(call));
    }

    @Override
    public UpstreamOutcome stream(UpstreamCall call, Consumer<byte[]> onMessage) {
        return observe(call, () -> delegate.stream(call, onMessage));
    }

    /**
     * A call that waits for its admission is timed from the admission on (the span, made where the
     * call is made, starts before); one that was not admitted is neither timed nor traced.
     */
    @Override
    public Optional<UpstreamOutcome> callIfAdmitted(UpstreamCall call, CompletionStage<Boolean> admission) {
        if (admission.toCompletableFuture().isDone()) {
            return Backend.super.callIfAdmitted(call, admission);
        }
        AtomicLong admittedAt = new AtomicLong();
        CompletionStage<Boolean> timed = admission.thenApply(admitted -> {
            admittedAt.set(System.nanoTime());
            return admitted;
        });
        return Optional.ofNullable(observe(call, () -> delegate.callIfAdmitted(call, timed).orElse(null),
                admittedAt::get));
    }

    private UpstreamOutcome observe(UpstreamCall call, Supplier<UpstreamOutcome> delegated) {
        return observe(call, delegated, null);
    }

    /**
     * @param delegated the call; null when it was not made
     * @param startedAt when the call started (0: not known), read after it ends; null: when {@code delegated} is asked
     */
    private UpstreamOutcome observe(UpstreamCall call, Supplier<UpstreamOutcome> delegated, LongSupplier startedAt) {
        Instruments operation = instruments.computeIfAbsent(call.operation(), Instruments::new);
        TraceContext parent = tracer.currentTraceContext().context();
        Span span = parent != null && Boolean.TRUE.equals(parent.sampled()) ? operation.startSpan(tracer, parent) : null;
        long asked = System.nanoTime();
        UpstreamOutcome outcome;
        try (Tracer.SpanInScope scope = span != null ? tracer.withSpan(span) : null) {
            outcome = delegated.get();
        } catch (RuntimeException | Error e) {
            if (span != null) {
                span.error(e);
                span.end();
            }
            throw e;
        }
        if (outcome == null) {
            if (span != null) {
                span.abandon();
            }
            return null;
        }
        // Backend's contract answers only after the admission; one that did not is timed from the ask.
        long started = startedAt == null ? 0 : startedAt.getAsLong();
        long nanos = System.nanoTime() - (started == 0 ? asked : started);
        String status = status(outcome);
        operation.timer(status, registry).record(nanos, TimeUnit.NANOSECONDS);
        if (span != null) {
            span.tag("rpc.grpc.status", status);
            span.end();
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("grpc call service={} method={} status={} latencyMs={} requestId={}", operation.service,
                    operation.method, status, Millis.tenths(nanos),
                    call.context().requestId().value());
        }
        return outcome;
    }

    private static String status(UpstreamOutcome outcome) {
        return switch (outcome) {
            case UpstreamOutcome.Ok ok -> "OK";
            case UpstreamOutcome.Failed failed -> failed.kind().name();
            case UpstreamOutcome.CircuitOpen open -> "CIRCUIT_OPEN";
            case UpstreamOutcome.Unmappable u -> "UNMAPPABLE";
        };
    }

    /** The per-operation constants: tag values, span name and one timer per status seen. */
    private static final class Instruments {
        final String service;
        final String method;
        final String spanName;
        final Map<String, Timer> timers = new ConcurrentHashMap<>();

        Instruments(UpstreamOperation operation) {
            this.service = operation.service().healthName();
            this.method = operation.method();
            this.spanName = operation.toString();
        }

        Span startSpan(Tracer tracer, TraceContext parent) {
            return tracer.spanBuilder().name(spanName).kind(Span.Kind.CLIENT).setParent(parent)
                    .remoteServiceName(service).start()
                    .tag("rpc.system", "grpc").tag("rpc.service", service).tag("rpc.method", method);
        }

        Timer timer(String status, MeterRegistry registry) {
            Timer timer = timers.get(status);
            return timer != null ? timer : timers.computeIfAbsent(status, s -> Timer.builder("gateway.grpc.client.calls")
                    .description("Upstream gRPC calls by service, method and status")
                    .tag("service", service).tag("method", method).tag("status", s).register(registry));
        }
    }
}
