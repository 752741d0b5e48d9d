package com.ticketing.gateway.adapter.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;

/** Compresses the request messages of every call through one service's channel. */
final class CompressedCalls implements ClientInterceptor {

    private final String encoding;

    CompressedCalls(GrpcCompression compression) {
        this.encoding = compression.encoding();
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
                                                               CallOptions options, Channel next) {
        return next.newCall(method, options.withCompression(encoding));
    }
}
