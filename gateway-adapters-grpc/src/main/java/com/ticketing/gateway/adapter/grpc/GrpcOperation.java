package com.ticketing.gateway.adapter.grpc;

import com.google.protobuf.Message;
import com.ticketing.gateway.domain.route.UpstreamOperation;
import io.grpc.MethodDescriptor;
import java.util.Objects;

/** One RPC ready to be called: its method descriptor and the shapes of its request and reply. */
public record GrpcOperation(UpstreamOperation id, MethodDescriptor<Message, Message> method,
                            MessageShape request, MessageShape reply) {

    public GrpcOperation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(reply, "reply");
    }

    public boolean serverStreaming() {
        return method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING;
    }

    public boolean unary() {
        return method.getType() == MethodDescriptor.MethodType.UNARY;
    }

    /**
     * True when running the RPC twice has the effect of running it once: the contract marks it
     * {@code idempotency_level = NO_SIDE_EFFECTS} (reads; protoc-gen-grpc-java emits
     * {@code setSafe(true)}, which implies idempotent) or {@code IDEMPOTENT}.
     */
    public boolean idempotent() {
        return method.isIdempotent();
    }
}
