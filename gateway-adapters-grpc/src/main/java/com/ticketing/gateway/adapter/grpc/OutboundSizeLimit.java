package com.ticketing.gateway.adapter.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;

/** Caps the size of every request message; grpc channels only know an inbound limit. */
final class OutboundSizeLimit implements ClientInterceptor {

    private final int maxBytes;

    OutboundSizeLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
                                                               CallOptions options, Channel next) {
        return next.newCall(method, options.withMaxOutboundMessageSize(maxBytes));
    }
}
