package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.model.CallContext;
import com.ticketing.proto.CallHeaders;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Puts one concern's metadata on every call, taken from the {@link CallContext} the call carries in
 * its options under {@link #CONTEXT}. Only these entries leave the gateway: nothing a client sent
 * is passed through, so services may trust the caller's identity.
 */
final class ContextMetadata implements ClientInterceptor {

    static final CallOptions.Key<CallContext> CONTEXT = CallOptions.Key.create("ticketing.call-context");

    /** The verified caller: its bearer token, user id and session id. */
    static final ContextMetadata IDENTITY = new ContextMetadata((context, headers) ->
            context.identity().ifPresent(identity -> {
                headers.put(CallHeaders.AUTHORIZATION, "Bearer " + identity.accessToken());
                headers.put(CallHeaders.USER_ID, identity.userId().value());
                headers.put(CallHeaders.SESSION_ID, identity.sessionId().value());
            }));

    /** The gateway's request id, on every call. */
    static final ContextMetadata REQUEST_ID = new ContextMetadata((context, headers) ->
            headers.put(CallHeaders.REQUEST_ID, context.requestId().value()));

    /** The client's idempotency key, when it sent one. */
    static final ContextMetadata IDEMPOTENCY_KEY = new ContextMetadata((context, headers) ->
            context.idempotencyKey().ifPresent(key -> headers.put(CallHeaders.IDEMPOTENCY_KEY, key)));

    private final BiConsumer<CallContext, Metadata> entries;

    private ContextMetadata(BiConsumer<CallContext, Metadata> entries) {
        this.entries = entries;
    }

    static List<ClientInterceptor> all() {
        return List.of(IDENTITY, REQUEST_ID, IDEMPOTENCY_KEY);
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
                                                               CallOptions options, Channel next) {
        CallContext context = options.getOption(CONTEXT);
        ClientCall<ReqT, RespT> call = next.newCall(method, options);
        if (context == null) {
            return call;
        }
        return new SimpleForwardingClientCall<>(call) {
            @Override
            public void start(Listener<RespT> listener, Metadata headers) {
                entries.accept(context, headers);
                super.start(listener, headers);
            }
        };
    }
}
