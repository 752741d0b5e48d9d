package com.ticketing.gateway.adapter.grpc;

import com.ticketing.proto.CallHeaders;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * Hands a call's reply headers to the {@link Capture} the call carries in its options under
 * {@link #CAPTURE}; a blocking stub offers no other way to read them.
 */
final class ReplyHeaders implements ClientInterceptor {

    static final CallOptions.Key<Capture> CAPTURE = CallOptions.Key.create("ticketing.reply-headers");

    /** The reply headers of one call, once they arrived. */
    static final class Capture {
        private volatile Metadata headers;

        /** True when the service answered from an earlier call with the same idempotency key. */
        boolean replayed() {
            Metadata received = headers;
            return received != null && "true".equalsIgnoreCase(received.get(CallHeaders.IDEMPOTENT_REPLAY));
        }
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
                                                               CallOptions options, Channel next) {
        Capture capture = options.getOption(CAPTURE);
        ClientCall<ReqT, RespT> call = next.newCall(method, options);
        if (capture == null) {
            return call;
        }
        return new SimpleForwardingClientCall<>(call) {
            @Override
            public void start(Listener<RespT> listener, Metadata headers) {
                super.start(new SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onHeaders(Metadata replyHeaders) {
                        capture.headers = replyHeaders;
                        super.onHeaders(replyHeaders);
                    }
                }, headers);
            }
        };
    }
}
