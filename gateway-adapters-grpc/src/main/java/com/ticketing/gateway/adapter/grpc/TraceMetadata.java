package com.ticketing.gateway.adapter.grpc;

import com.ticketing.proto.CallHeaders;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.Objects;

/**
 * Puts the gateway's {@code traceparent} on every call, read when the call starts (on the calling
 * thread, where the call's span is current). Only {@code traceparent} leaves the gateway: a
 * client's {@code tracestate} or baggage is never passed on.
 */
final class TraceMetadata implements ClientInterceptor {

    private final TraceParents traceParents;

    TraceMetadata(TraceParents traceParents) {
        this.traceParents = Objects.requireNonNull(traceParents, "traceParents");
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
                                                               CallOptions options, Channel next) {
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<RespT> listener, Metadata headers) {
                String traceParent = traceParents.current();
                if (traceParent != null) {
                    headers.put(CallHeaders.TRACEPARENT, traceParent);
                }
                super.start(listener, headers);
            }
        };
    }
}
