package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.model.CallContext;
import com.ticketing.gateway.domain.model.Identity;
import com.ticketing.proto.CallHeaders;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.Objects;

/**
 * The gateway's one interceptor of every call, in one layer: puts the call's metadata on it and
 * hands its reply headers back.
 * <ul>
 *   <li>From the {@link CallContext} the call carries in its options under {@link #CALL}: the
 *       verified caller (bearer token, user id, session id), the request id, the client's
 *       idempotency key when it sent one.</li>
 *   <li>The gateway's {@code traceparent}, read when the call is made (on the calling thread, where
 *       the request's trace context is current); a client's {@code tracestate} or baggage is never
 *       passed on.</li>
 *   <li>The reply headers, to the same {@link Carried} (a blocking stub offers no other way to read
 *       them).</li>
 * </ul>
 * Only these entries leave the gateway: nothing a client sent is passed through, so services may
 * trust the caller's identity. Thread-safe.
 */
final class CallMetadata implements ClientInterceptor {

    /** One option per call, not one per item: each option copies the call's options once more. */
    static final CallOptions.Key<Carried> CALL = CallOptions.Key.create("ticketing.call");

    private final TraceParents traceParents;

    CallMetadata(TraceParents traceParents) {
        this.traceParents = Objects.requireNonNull(traceParents, "traceParents");
    }

    /** What one call carries in its options: its context, and its reply headers once they arrived. */
    static final class Carried {
        private final CallContext context;
        private volatile Metadata headers;

        Carried(CallContext context) {
            this.context = Objects.requireNonNull(context, "context");
        }

        CallContext context() {
            return context;
        }

        /** True when the service answered from an earlier call with the same idempotency key. */
        boolean replayed() {
            Metadata received = headers;
            return received != null && "true".equalsIgnoreCase(received.get(CallHeaders.IDEMPOTENT_REPLAY));
        }
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
                                                               CallOptions options, Channel next) {
        Carried carried = options.getOption(CALL);
        // Read where the call is made: a call may start on another thread (AdmittedCall).
        String traceParent = traceParents.current();
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<RespT> listener, Metadata headers) {
                if (carried != null) {
                    put(carried.context, headers);
                }
                if (traceParent != null) {
                    headers.put(CallHeaders.TRACEPARENT, traceParent);
                }
                super.start(carried == null ? listener : new SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onHeaders(Metadata replyHeaders) {
                        carried.headers = replyHeaders;
                        super.onHeaders(replyHeaders);
                    }
                }, headers);
            }
        };
    }

    private static void put(CallContext context, Metadata headers) {
        if (context.identity().isPresent()) {
            Identity identity = context.identity().get();
            headers.put(CallHeaders.AUTHORIZATION, "Bearer " + identity.accessToken());
            headers.put(CallHeaders.USER_ID, identity.userId().value());
            headers.put(CallHeaders.SESSION_ID, identity.sessionId().value());
        }
        headers.put(CallHeaders.REQUEST_ID, context.requestId().value());
        if (context.idempotencyKey().isPresent()) {
            headers.put(CallHeaders.IDEMPOTENCY_KEY, context.idempotencyKey().get());
        }
    }
}
