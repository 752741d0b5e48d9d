package com.ticketing.gateway.adapter.grpc;

import com.google.protobuf.Message;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteTable;
import com.ticketing.gateway.domain.route.Upstream;
import com.ticketing.gateway.domain.route.UpstreamOperation;
import com.ticketing.proto.auth.AuthServiceGrpc;
import com.ticketing.proto.booking.BookingServiceGrpc;
import com.ticketing.proto.payment.PaymentServiceGrpc;
import com.ticketing.proto.ticket.TicketServiceGrpc;
import com.ticketing.proto.worker.BookingQueueServiceGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every RPC of the platform's services by {@link UpstreamOperation}, built once at startup from
 * the generated service descriptors. Immutable and thread-safe.
 */
public final class OperationRegistry {

    private final Map<UpstreamOperation, GrpcOperation> operations;

    /** The RPCs of the given service descriptors. */
    public OperationRegistry(Map<Upstream, ServiceDescriptor> services) {
        Map<UpstreamOperation, GrpcOperation> all = new HashMap<>();
        services.forEach((service, descriptor) -> {
            for (MethodDescriptor<?, ?> method : descriptor.getMethods()) {
                GrpcOperation operation = operation(service, method);
                all.put(operation.id(), operation);
            }
        });
        this.operations = Map.copyOf(all);
    }

    /** The RPCs of AuthService, TicketService, BookingService, PaymentService and BookingQueueService. */
    public static OperationRegistry platformServices() {
        return new OperationRegistry(platformServiceDescriptors());
    }

    /** The generated descriptors of the platform's services, by the upstream each one is. */
    public static Map<Upstream, ServiceDescriptor> platformServiceDescriptors() {
        Map<Upstream, ServiceDescriptor> services = new EnumMap<>(Upstream.class);
        services.put(Upstream.AUTH, AuthServiceGrpc.getServiceDescriptor());
        services.put(Upstream.TICKET, TicketServiceGrpc.getServiceDescriptor());
        services.put(Upstream.BOOKING, BookingServiceGrpc.getServiceDescriptor());
        services.put(Upstream.PAYMENT, PaymentServiceGrpc.getServiceDescriptor());
        services.put(Upstream.BOOKING_WORKER, BookingQueueServiceGrpc.getServiceDescriptor());
        return Collections.unmodifiableMap(services);
    }

    /** @throws IllegalArgumentException for an operation no service offers */
    public GrpcOperation require(UpstreamOperation id) {
        GrpcOperation operation = operations.get(Objects.requireNonNull(id, "id"));
        if (operation == null) {
            throw new IllegalArgumentException("no RPC " + id.method() + " on " + id.service().healthName());
        }
        return operation;
    }

    /**
     * Checks every route against the RPC it names: the RPC exists, streams exactly when the route
     * does, and has every request and reply field the route and the gateway bind.
     *
     * @throws IllegalArgumentException naming the first route that cannot work
     */
    public void validate(RouteTable routes) {
        for (Route route : routes.routes()) {
            try {
                RouteBindings.check(route, require(route.operation()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("route " + route.id() + ": " + e.getMessage(), e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static GrpcOperation operation(Upstream service, MethodDescriptor<?, ?> method) {
        MethodDescriptor<Message, Message> typed = (MethodDescriptor<Message, Message>) method;
        return new GrpcOperation(new UpstreamOperation(service, method.getBareMethodName()), typed,
                MessageShape.of(prototype(method.getRequestMarshaller(), method)),
                MessageShape.of(prototype(method.getResponseMarshaller(), method)));
    }

    private static Message prototype(MethodDescriptor.Marshaller<?> marshaller, MethodDescriptor<?, ?> method) {
        if (marshaller instanceof MethodDescriptor.PrototypeMarshaller<?> p && p.getMessagePrototype() instanceof Message m) {
            return m;
        }
        throw new IllegalArgumentException(method.getFullMethodName() + " does not use protobuf messages");
    }
}
