package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.grpc.TraceParents;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.util.Objects;

/**
 * The current span of Micrometer Tracing as a W3C {@code traceparent}
 * ({@code 00-<32 hex trace id>-<16 hex span id>-<01 sampled | 00>}), written directly rather
 * than through a propagator so that nothing but {@code traceparent} can leave with a call.
 */
final class W3cTraceParents implements TraceParents {

    private final Tracer tracer;

    W3cTraceParents(Tracer tracer) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    @Override
    public String current() {
        TraceContext context = tracer.currentTraceContext().context();
        return context == null ? null : of(context);
    }

    static String of(TraceContext context) {
        String traceId = context.traceId();
        String spanId = context.spanId();
        if (traceId.length() != 32 || spanId.length() != 16) {
            return null;
        }
        return "00-" + traceId + "-" + spanId + (Boolean.TRUE.equals(context.sampled()) ? "-01" : "-00");
    }
}
