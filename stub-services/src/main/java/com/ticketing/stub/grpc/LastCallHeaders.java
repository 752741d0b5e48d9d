package com.ticketing.stub.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the metadata of the most recent call a service received (on any of its instances), so that
 * tests can see what the gateway sent: trace context, compression, caller entries. One reference
 * write per call. Thread-safe.
 */
public final class LastCallHeaders implements ServerInterceptor {

    private final AtomicReference<Metadata> last = new AtomicReference<>();

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        last.set(headers);
        return next.startCall(call, headers);
    }

    /** The headers of the latest call; empty before the first. */
    public Optional<Metadata> get() {
        return Optional.ofNullable(last.get());
    }
}
