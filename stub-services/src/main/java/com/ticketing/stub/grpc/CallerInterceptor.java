package com.ticketing.stub.grpc;

import com.ticketing.proto.CallHeaders;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Reads the caller's metadata entries into {@link Caller#current()} for the service code. */
public final class CallerInterceptor implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(CallerInterceptor.class.getName());

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        Caller caller = new Caller(
                entry(headers, CallHeaders.USER_ID),
                entry(headers, CallHeaders.SESSION_ID),
                entry(headers, CallHeaders.REQUEST_ID),
                entry(headers, CallHeaders.IDEMPOTENCY_KEY),
                entry(headers, CallHeaders.AUTHORIZATION));
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(() -> "rpc " + call.getMethodDescriptor().getFullMethodName()
                    + " request-id=" + caller.requestId().orElse("-")
                    + " user=" + caller.userId().orElse("-"));
        }
        Context context = Context.current().withValue(Caller.KEY, caller);
        return Contexts.interceptCall(context, call, headers, next);
    }

    private static Optional<String> entry(Metadata headers, Metadata.Key<String> key) {
        return Optional.ofNullable(headers.get(key)).map(String::strip).filter(value -> !value.isEmpty());
    }
}
