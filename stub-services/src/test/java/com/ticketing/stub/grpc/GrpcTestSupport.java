package com.ticketing.stub.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.ticketing.proto.CallHeaders;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Helpers for tests that call the services through gRPC. */
public final class GrpcTestSupport {

    private GrpcTestSupport() {
    }

    /** An in-process server with the services behind the production interceptors, and a channel to it. */
    public record InProcess(Server server, ManagedChannel channel) implements AutoCloseable {

        public static InProcess serve(BindableService... services) {
            String name = InProcessServerBuilder.generateName();
            InProcessServerBuilder builder = InProcessServerBuilder.forName(name).directExecutor();
            for (BindableService service : services) {
                builder.addService(ServerInterceptors.intercept(
                        service, new ResponseHeadersInterceptor(), new CallerInterceptor()));
            }
            try {
                Server server = builder.build().start();
                return new InProcess(server, InProcessChannelBuilder.forName(name).directExecutor().build());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** The stub calling as {@code userId}. */
    public static <S extends AbstractStub<S>> S as(S stub, String userId) {
        return withHeaders(stub, userId, null);
    }

    /** The stub calling as {@code userId} with an {@code idempotency-key}. */
    public static <S extends AbstractStub<S>> S as(S stub, String userId, String idempotencyKey) {
        return withHeaders(stub, userId, idempotencyKey);
    }

    /** The stub recording the response headers and trailers of its calls into {@code headers}. */
    public static <S extends AbstractStub<S>> S capturing(S stub, AtomicReference<Metadata> headers,
                                                          AtomicReference<Metadata> trailers) {
        return stub.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
    }

    /** Whether headers or trailers said {@code x-idempotent-replay: true}. */
    public static boolean replayed(AtomicReference<Metadata> headers, AtomicReference<Metadata> trailers) {
        return "true".equals(value(headers)) || "true".equals(value(trailers));
    }

    /** The ErrorInfo reason of a failed call, if it has one. */
    public static Optional<String> reason(StatusRuntimeException failure) {
        com.google.rpc.Status status = io.grpc.protobuf.StatusProto.fromThrowable(failure);
        if (status == null) {
            return Optional.empty();
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    return Optional.of(detail.unpack(ErrorInfo.class).getReason());
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Optional.empty();
    }

    private static String value(AtomicReference<Metadata> metadata) {
        return metadata.get() == null ? null : metadata.get().get(CallHeaders.IDEMPOTENT_REPLAY);
    }

    private static <S extends AbstractStub<S>> S withHeaders(S stub, String userId, String idempotencyKey) {
        Metadata headers = new Metadata();
        if (userId != null) {
            headers.put(CallHeaders.USER_ID, userId);
        }
        if (idempotencyKey != null) {
            headers.put(CallHeaders.IDEMPOTENCY_KEY, idempotencyKey);
        }
        headers.put(CallHeaders.REQUEST_ID, "test-request");
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
}
