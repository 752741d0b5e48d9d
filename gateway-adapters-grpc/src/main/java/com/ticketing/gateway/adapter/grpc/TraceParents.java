package com.ticketing.gateway.adapter.grpc;

/**
 * Where an upstream call's W3C {@code traceparent} comes from: the span current on the calling
 * thread when the call is made (the gateway's span for that call). Implementations must be
 * thread-safe and cheap: this runs on every call.
 */
@FunctionalInterface
public interface TraceParents {

    /** No tracing: calls carry no {@code traceparent}. */
    TraceParents NONE = () -> null;

    /** The {@code traceparent} of the calling thread's current span, or null when there is none. */
    String current();
}
