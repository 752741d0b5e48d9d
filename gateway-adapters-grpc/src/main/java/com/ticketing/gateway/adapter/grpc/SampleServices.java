package com.ticketing.gateway.adapter.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gRPC server on 127.0.0.1 that answers every RPC of the given services with a sample reply
 * (the full {@link #sample} and the {@link #lean} one in turn, or one set by {@link #answer}), or
 * NOT_FOUND when the request names {@link #MISSING}, and reports itself serving to gRPC health
 * checks. The gateway's JIT warm-up drives a sample instance of the gateway against it before serving (see the app's {@code Warmup}), so that the
 * JIT compiles the gateway's hot code while nothing reaches the real services. A server-streaming
 * RPC sends one sample and ends; client and bidirectional streams answer UNIMPLEMENTED.
 * Thread-safe.
 */
public final class SampleServices implements AutoCloseable {

    /** How deep nested messages of a sample are filled; deeper ones stay empty. */
    static final int MAX_DEPTH = 4;
    /**
     * The text of a thing that does not exist: a request with a text field of this value is answered
     * NOT_FOUND, as a real service answers an unknown id, so that the gateway's paths for a
     * service's refusal are driven too.
     */
    public static final String MISSING = "missing";

    private final Server server;
    /** Replies set by {@link #answer}, by full method name; they take the place of the samples. */
    private final Map<String, Message> fixed;

    private SampleServices(Server server, Map<String, Message> fixed) {
        this.server = server;
        this.fixed = fixed;
    }

    /**
     * Starts the server on 127.0.0.1 at a free port; every text field of every reply is
     * {@code text} (see {@link #sample}).
     */
    public static SampleServices start(Collection<ServiceDescriptor> services, String text) throws IOException {
        Objects.requireNonNull(text, "text");
        HealthStatusManager health = new HealthStatusManager();
        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(health.getHealthService());
        Map<String, Message> fixed = new ConcurrentHashMap<>();
        for (ServiceDescriptor service : services) {
            builder.addService(answering(service, text, fixed));
        }
        return new SampleServices(builder.build().start(), fixed);
    }

    /**
     * From now on, answers every call of {@code fullMethodName} (e.g. {@code ticketing.auth.AuthService/Login})
     * with {@code reply} instead of the samples: a reply the caller checks, such as tokens signed
     * with its keys.
     */
    public void answer(String fullMethodName, Message reply) {
        fixed.put(Objects.requireNonNull(fullMethodName, "fullMethodName"), Objects.requireNonNull(reply, "reply"));
    }

    /** The port the server listens on, on 127.0.0.1. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private static ServerServiceDefinition answering(ServiceDescriptor service, String text, Map<String, Message> fixed) {
        ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(service);
        for (MethodDescriptor<?, ?> any : service.getMethods()) {
            MethodDescriptor<Object, Object> method = (MethodDescriptor<Object, Object>) any;
            Message[] replies = method.getResponseMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> marshaller
                    && marshaller.getMessagePrototype() instanceof Message prototype
                    ? new Message[] {sample(prototype, text), lean(prototype, text)} : null;
            AtomicLong calls = new AtomicLong();
            ServerCallHandler<Object, Object> handler = switch (method.getType()) {
                case UNARY, SERVER_STREAMING -> replies == null ? unimplemented(method)
                        : ServerCalls.asyncServerStreamingCall((request, answer) -> {
                            if (names(request, MISSING)) {
                                answer.onError(Status.NOT_FOUND.withDescription("no such " + MISSING).asRuntimeException());
                            } else {
                                Message set = fixed.get(method.getFullMethodName());
                                answer.onNext(set != null ? set : replies[(int) (calls.getAndIncrement() & 1)]);
                                answer.onCompleted();
                            }
                        });
                default -> unimplemented(method);
            };
            definition.addMethod(method, handler);
        }
        return definition.build();
    }

    /** True when a text field at the top of {@code request} (a message) is {@code text}. */
    private static boolean names(Object request, String text) {
        if (request instanceof Message message) {
            for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
                if (text.equals(field.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The JSON text of a sample of {@code prototype} ({@link #sample}, text {@code text}): a request body. */
    public static String sampleJson(Message prototype, String text) {
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(sample(prototype, text));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("no JSON for a sample of " + prototype.getDescriptorForType().getFullName(), e);
        }
    }

    private static ServerCallHandler<Object, Object> unimplemented(MethodDescriptor<Object, Object> method) {
        return ServerCalls.asyncBidiStreamingCall(answer -> ServerCalls.asyncUnimplementedStreamingCall(method, answer));
    }

    /**
     * The {@link #sample} with its numbers zero, its booleans false, its lists empty and its nested
     * messages unset (texts and enums as in the sample): a reply with nothing yet where a real one
     * often has nothing (no tickets left, no seats held), whose zero values take other branches of
     * the gateway's reading and printing of replies.
     */
    public static Message lean(Message prototype, String text) {
        Message.Builder builder = prototype.newBuilderForType();
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            if (!field.isRepeated() && (field.getJavaType() == FieldDescriptor.JavaType.STRING
                    || field.getJavaType() == FieldDescriptor.JavaType.ENUM)) {
                builder.setField(field, value(builder, field, text, 1));
            }
        }
        return builder.build();
    }

    /**
     * A message of {@code prototype}'s type with every field set: texts to {@code text}, numbers
     * to 1 (1.5 for floating point), booleans to true, enums to their first value other than
     * the zero one, repeated fields to two elements, nested messages filled the same way down to
     * {@link #MAX_DEPTH} levels. The same input gives the same message.
     */
    public static Message sample(Message prototype, String text) {
        return filled(prototype.newBuilderForType(), text, 1).build();
    }

    private static Message.Builder filled(Message.Builder builder, String text, int depth) {
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth >= MAX_DEPTH) {
                continue;
            }
            if (field.isRepeated()) {
                for (int i = 0; i < 2; i++) {
                    builder.addRepeatedField(field, value(builder, field, text, depth));
                }
            } else {
                builder.setField(field, value(builder, field, text, depth));
            }
        }
        return builder;
    }

    private static Object value(Message.Builder owner, FieldDescriptor field, String text, int depth) {
        return switch (field.getJavaType()) {
            case STRING -> text;
            case BYTE_STRING -> ByteString.copyFromUtf8(text);
            case INT -> 1;
            case LONG -> 1L;
            case FLOAT -> 1.5f;
            case DOUBLE -> 1.5d;
            case BOOLEAN -> true;
            case ENUM -> firstNonZero(field.getEnumType().getValues());
            case MESSAGE -> filled(owner.newBuilderForField(field), text, depth + 1).build();
        };
    }

    private static EnumValueDescriptor firstNonZero(List<EnumValueDescriptor> values) {
        return values.stream().filter(v -> v.getNumber() != 0).findFirst().orElse(values.get(0));
    }
}
