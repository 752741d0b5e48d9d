package com.ticketing.stub;

import com.ticketing.proto.auth.AuthServiceGrpc;
import com.ticketing.proto.booking.BookingServiceGrpc;
import com.ticketing.proto.payment.PaymentServiceGrpc;
import com.ticketing.proto.ticket.TicketServiceGrpc;
import com.ticketing.proto.worker.BookingQueueServiceGrpc;

/** The five backends the gateway talks to, with their default base ports. */
public enum StubService {
    AUTH("auth-service", AuthServiceGrpc.SERVICE_NAME, 50051),
    TICKET("ticket-service", TicketServiceGrpc.SERVICE_NAME, 50052),
    BOOKING("booking-service", BookingServiceGrpc.SERVICE_NAME, 50053),
    PAYMENT("payment-service", PaymentServiceGrpc.SERVICE_NAME, 50054),
    BOOKING_WORKER("booking-worker", BookingQueueServiceGrpc.SERVICE_NAME, 50055);

    private final String displayName;
    private final String grpcServiceName;
    private final int defaultBasePort;

    StubService(String displayName, String grpcServiceName, int defaultBasePort) {
        this.displayName = displayName;
        this.grpcServiceName = grpcServiceName;
        this.defaultBasePort = defaultBasePort;
    }

    /** The name the gateway uses for the service, e.g. {@code booking-worker}. */
    public String displayName() {
        return displayName;
    }

    /** The fully-qualified gRPC service name, e.g. {@code worker.BookingQueueService}. */
    public String grpcServiceName() {
        return grpcServiceName;
    }

    public int defaultBasePort() {
        return defaultBasePort;
    }
}
