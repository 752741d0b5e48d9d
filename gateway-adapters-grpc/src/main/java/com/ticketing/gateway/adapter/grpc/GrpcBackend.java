package com.ticketing.gateway.adapter.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.ticketing.gateway.domain.model.CallContext;
import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.port.Backend;
import com.ticketing.gateway.domain.port.UpstreamCall;
import com.ticketing.gateway.domain.route.Upstream;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The platform's services over gRPC: transcodes REST JSON to each operation's message, calls it
 * with the call's deadline and context as metadata, and maps the reply or status to an outcome.
 * Blocks the calling thread (meant for virtual threads) without pools of its own. Thread-safe.
 * This is the whole call path: retries and circuit breakers belong in decorators of {@link Backend}.
 */
public final class GrpcBackend implements Backend {

    private static final System.Logger LOG = System.getLogger(GrpcBackend.class.getName());
    private static final byte[] NO_BODY = new byte[0];

    private final OperationRegistry registry;
    private final JsonTranscoder transcoder;
    private final Map<Upstream, Channel> channels;

    /** A backend whose calls carry no {@code traceparent}. */
    public GrpcBackend(GrpcChannels channels, OperationRegistry registry, JsonTranscoder transcoder) {
        this(channels, registry, transcoder, TraceParents.NONE);
    }

    /** @param traceParents the {@code traceparent} of each call, read as it starts */
    public GrpcBackend(GrpcChannels channels, OperationRegistry registry, JsonTranscoder transcoder,
                       TraceParents traceParents) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.transcoder = Objects.requireNonNull(transcoder, "transcoder");
        CallMetadata metadata = new CallMetadata(traceParents);
        Map<Upstream, Channel> intercepted = new EnumMap<>(Upstream.class);
        for (Upstream service : Upstream.values()) {
            intercepted.put(service, ClientInterceptors.intercept(channels.channel(service), metadata));
        }
        this.channels = Collections.unmodifiableMap(intercepted);
    }

    /** @throws IllegalArgumentException for an unknown or streaming operation, or a field it does not have (bugs) */
    @Override
    public UpstreamOutcome call(UpstreamCall call) {
        GrpcOperation operation = operation(call, false);
        call.responseFields().forEach(operation.reply()::require);
        return switch (transcoder.toRequest(operation.request(), call.jsonBody(), call.fields())) {
            case Transcoded.Rejected rejected -> rejected.outcome();
            case Transcoded.Mapped mapped -> unary(operation, mapped.message(), call);
        };
    }

    /**
     * A call whose admission is still open is made (its message transcoded, its metadata read) on
     * the calling thread and goes out on the thread that admits it ({@link AdmittedCall}); one
     * that is already decided is {@link #call}'s.
     */
    @Override
    public Optional<UpstreamOutcome> callIfAdmitted(UpstreamCall call, CompletionStage<Boolean> admission) {
        CompletableFuture<Boolean> admitted = admission.toCompletableFuture();
        if (admitted.isDone()) {
            return Backend.super.callIfAdmitted(call, admitted);
        }
        GrpcOperation operation = operation(call, false);
        call.responseFields().forEach(operation.reply()::require);
        return switch (transcoder.toRequest(operation.request(), call.jsonBody(), call.fields())) {
            case Transcoded.Rejected rejected -> admitted.join() ? Optional.of(rejected.outcome()) : Optional.empty();
            case Transcoded.Mapped mapped -> {
                CallMetadata.Carried carried = new CallMetadata.Carried(call.context());
                Optional<Message> reply;
                try {
                    reply = AdmittedCall.call(executor -> channels.get(operation.id().service()).newCall(
                            operation.method(), options(carried).withExecutor(executor)), mapped.message(), admitted);
                } catch (RuntimeException e) {
                    yield Optional.of(failure(operation, call.context(), e));
                }
                yield reply.map(message -> answer(operation, call, message, carried));
            }
        };
    }

    /**
     * Messages go to {@code onMessage} on the calling thread, one at a time (the next is requested
     * only after it returns). If {@code onMessage} throws, the client is taken to have gone away:
     * the call is cancelled and the outcome is CANCELLED.
     *
     * @throws IllegalArgumentException for an unknown or unary operation, or a field it does not have (bugs)
     */
    @Override
    public UpstreamOutcome stream(UpstreamCall call, Consumer<byte[]> onMessage) {
        GrpcOperation operation = operation(call, true);
        return switch (transcoder.toRequest(operation.request(), call.jsonBody(), call.fields())) {
            case Transcoded.Rejected rejected -> rejected.outcome();
            case Transcoded.Mapped mapped -> serverStream(operation, mapped.message(), call.context(), onMessage);
        };
    }

    private UpstreamOutcome unary(GrpcOperation operation, Message request, UpstreamCall call) {
        CallMetadata.Carried carried = new CallMetadata.Carried(call.context());
        Message reply;
        try {
            reply = ClientCalls.blockingUnaryCall(channels.get(operation.id().service()), operation.method(),
                    options(carried), request);
        } catch (RuntimeException e) {
            return failure(operation, call.context(), e);
        }
        return answer(operation, call, reply, carried);
    }

    private UpstreamOutcome answer(GrpcOperation operation, UpstreamCall call, Message reply,
                                   CallMetadata.Carried carried) {
        try {
            return new UpstreamOutcome.Ok(transcoder.toJson(reply), carried.replayed(),
                    transcoder.fields(reply, operation.reply(), call.responseFields()));
        } catch (InvalidProtocolBufferException e) {
            return unprintable(operation, call.context(), e);
        }
    }

    private UpstreamOutcome serverStream(GrpcOperation operation, Message request, CallContext context,
                                         Consumer<byte[]> onMessage) {
        ClientCall<Message, Message> call = channels.get(operation.id().service())
                .newCall(operation.method(), options(new CallMetadata.Carried(context)));
        try {
            Iterator<Message> replies = ClientCalls.blockingServerStreamingCall(call, request);
            while (replies.hasNext()) {
                byte[] json = transcoder.toJson(replies.next());
                try {
                    onMessage.accept(json);
                } catch (RuntimeException e) {
                    call.cancel("the client went away", e);
                    return UpstreamOutcome.Failed.of(FailureKind.CANCELLED);
                }
            }
            return new UpstreamOutcome.Ok(NO_BODY, false, Map.of());
        } catch (InvalidProtocolBufferException e) {
            call.cancel("a reply cannot be printed as JSON", e);
            return unprintable(operation, context, e);
        } catch (RuntimeException e) {
            call.cancel("the call failed", e);
            return failure(operation, context, e);
        }
    }

    private GrpcOperation operation(UpstreamCall call, boolean streaming) {
        GrpcOperation operation = registry.require(call.operation());
        if (streaming ? !operation.serverStreaming() : !operation.unary()) {
            throw new IllegalArgumentException(operation.id() + " is " + operation.method().getType()
                    + (streaming ? "; use call()" : "; use stream()"));
        }
        return operation;
    }

    private static CallOptions options(CallMetadata.Carried carried) {
        return CallOptions.DEFAULT
                .withDeadlineAfter(carried.context().deadline().toNanos(), TimeUnit.NANOSECONDS)
                .withOption(CallMetadata.CALL, carried);
    }

    private static UpstreamOutcome.Failed failure(GrpcOperation operation, CallContext context, RuntimeException e) {
        if (!(e instanceof StatusRuntimeException)) {
            LOG.log(System.Logger.Level.WARNING, "call of " + operation.id() + " (request " + context.requestId()
                    + ") broke without a gRPC status; answered as UNAVAILABLE", e);
        }
        return GrpcStatusMapping.failed(e);
    }

    private static UpstreamOutcome.Failed unprintable(GrpcOperation operation, CallContext context,
                                                      InvalidProtocolBufferException e) {
        LOG.log(System.Logger.Level.ERROR, "reply of " + operation.id() + " (request " + context.requestId()
                + ") cannot be printed as JSON; answered as INTERNAL", e);
        return UpstreamOutcome.Failed.of(FailureKind.INTERNAL);
    }
}
