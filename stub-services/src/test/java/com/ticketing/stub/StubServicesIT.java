package com.ticketing.stub;

import static com.ticketing.stub.grpc.GrpcTestSupport.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.ticketing.proto.CallHeaders;
import com.ticketing.proto.auth.AuthServiceGrpc;
import com.ticketing.proto.auth.AuthTokens;
import com.ticketing.proto.auth.LoginRequest;
import com.ticketing.proto.auth.RegisterRequest;
import com.ticketing.proto.auth.ValidateTokenRequest;
import com.ticketing.proto.auth.ValidateTokenResponse;
import com.ticketing.proto.booking.Booking;
import com.ticketing.proto.booking.BookingServiceGrpc;
import com.ticketing.proto.booking.BookingStatus;
import com.ticketing.proto.booking.CreateBookingRequest;
import com.ticketing.proto.booking.GetBookingRequest;
import com.ticketing.proto.payment.Payment;
import com.ticketing.proto.payment.PaymentServiceGrpc;
import com.ticketing.proto.payment.PaymentStatus;
import com.ticketing.proto.payment.ProcessPaymentRequest;
import com.ticketing.proto.ticket.GetEventsRequest;
import com.ticketing.proto.ticket.ListUserTicketsRequest;
import com.ticketing.proto.ticket.Ticket;
import com.ticketing.proto.ticket.TicketServiceGrpc;
import com.ticketing.proto.worker.BookingQueueServiceGrpc;
import com.ticketing.proto.worker.WatchBookingStatusRequest;
import io.grpc.Channel;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stubs as the gateway meets them: real servers on TCP ports, two instances per service. */
class StubServicesIT {

    private StubCluster cluster;
    private final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = StubServices.start(StubConfig.defaults()
                .withEphemeralPorts()
                .withWorkerPace(Duration.ofMillis(50))
                .withSlowPaymentDelay(Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        cluster.close();
    }

    @Test
    void everyServiceRunsTwoInstancesOnDistinctPorts() {
        List<Integer> ports = new ArrayList<>();
        for (StubService service : StubService.values()) {
            assertThat(cluster.ports(service)).hasSize(2).allSatisfy(port -> assertThat(port).isPositive());
            ports.addAll(cluster.ports(service));
        }
        assertThat(ports).doesNotHaveDuplicates();
        assertThat(cluster.target(StubService.TICKET)).isEqualTo("localhost:" + cluster.port(StubService.TICKET, 0)
                + ",localhost:" + cluster.port(StubService.TICKET, 1));
    }

    @Test
    void everyInstanceReportsServingForItselfAndItsService() {
        for (StubService service : StubService.values()) {
            for (int port : cluster.ports(service)) {
                assertThat(health(port, "")).isEqualTo(ServingStatus.SERVING);
                assertThat(health(port, service.grpcServiceName())).isEqualTo(ServingStatus.SERVING);
            }
        }
    }

    @Test
    void notServingFlipsTheHealthOfEveryInstanceOfTheService() {
        cluster.setServing(StubService.PAYMENT, false);

        for (int port : cluster.ports(StubService.PAYMENT)) {
            assertThat(health(port, "")).isEqualTo(ServingStatus.NOT_SERVING);
            assertThat(health(port, StubService.PAYMENT.grpcServiceName())).isEqualTo(ServingStatus.NOT_SERVING);
        }
        assertThat(health(cluster.port(StubService.AUTH, 0), "")).isEqualTo(ServingStatus.SERVING);

        cluster.setServing(StubService.PAYMENT, true);
        assertThat(health(cluster.port(StubService.PAYMENT, 1), "")).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void reflectionListsTheServiceOnEveryInstance() throws Exception {
        for (StubService service : StubService.values()) {
            for (int port : cluster.ports(service)) {
                assertThat(reflectedServices(port)).contains(service.grpcServiceName(), "grpc.health.v1.Health");
            }
        }
    }

    @Test
    void bookingJourneyWorksAcrossInstancesOverTcp() {
        var auth0 = AuthServiceGrpc.newBlockingStub(channel(StubService.AUTH, 0)).withDeadlineAfter(5, TimeUnit.SECONDS);
        var auth1 = AuthServiceGrpc.newBlockingStub(channel(StubService.AUTH, 1)).withDeadlineAfter(5, TimeUnit.SECONDS);
        auth0.register(RegisterRequest.newBuilder().setEmail("grace@example.com").setPassword("cobol-forever")
                .setFirstName("Grace").setLastName("Hopper").build());
        AuthTokens tokens = auth1.login(LoginRequest.newBuilder()
                .setEmail("grace@example.com").setPassword("cobol-forever").build());
        ValidateTokenResponse identity = auth0.validateToken(
                ValidateTokenRequest.newBuilder().setToken(tokens.getAccessToken()).build());
        assertThat(identity.getValid()).isTrue();
        String userId = identity.getUserId();

        Booking created = as(BookingServiceGrpc.newBlockingStub(channel(StubService.BOOKING, 0)), userId)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .createBooking(CreateBookingRequest.newBuilder().setEventId("evt-002").setQuantity(2).build());
        assertThat(created.getStatus()).isEqualTo(BookingStatus.QUEUED);
        assertThat(created.getQueuePosition()).isEqualTo(1);

        Iterator<Booking> updates = as(BookingQueueServiceGrpc.newBlockingStub(channel(StubService.BOOKING_WORKER, 1)),
                userId).withDeadlineAfter(10, TimeUnit.SECONDS)
                .watchBookingStatus(WatchBookingStatusRequest.newBuilder().setBookingId(created.getBookingId()).build());
        Booking update = updates.next();
        while (update.getStatus() == BookingStatus.QUEUED) {
            update = updates.next();
        }
        assertThat(update.getStatus()).isEqualTo(BookingStatus.RESERVED);
        assertThat(update.hasHoldExpiresAt()).isTrue();

        Metadata paymentHeaders = new Metadata();
        paymentHeaders.put(CallHeaders.USER_ID, userId);
        paymentHeaders.put(CallHeaders.IDEMPOTENCY_KEY, "pay-once");
        Payment payment = PaymentServiceGrpc.newBlockingStub(channel(StubService.PAYMENT, 0))
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(paymentHeaders))
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .processPayment(ProcessPaymentRequest.newBuilder().setBookingId(created.getBookingId())
                        .setPaymentMethodToken("tok_visa").build());
        assertThat(payment.getStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(payment.getAmountCents()).isEqualTo(2 * 6500);
        assertThat(updates.next().getStatus()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(updates.hasNext()).isFalse();

        List<Ticket> tickets = as(TicketServiceGrpc.newBlockingStub(channel(StubService.TICKET, 1)), userId)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .listUserTickets(ListUserTicketsRequest.getDefaultInstance()).getTicketsList();
        assertThat(tickets).hasSize(2).allSatisfy(ticket -> assertThat(ticket.getEventId()).isEqualTo("evt-002"));
        assertThat(as(BookingServiceGrpc.newBlockingStub(channel(StubService.BOOKING, 1)), userId)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .getBooking(GetBookingRequest.newBuilder().setBookingId(created.getBookingId()).build())
                .getStatus()).isEqualTo(BookingStatus.CONFIRMED);
    }

    @Test
    void stoppedInstanceRefusesWhileTheOtherAnswersAndItComesBackOnItsPort() {
        int stoppedPort = cluster.port(StubService.TICKET, 0);

        cluster.stopInstance(StubService.TICKET, 0);

        assertThat(cluster.isRunning(StubService.TICKET, 0)).isFalse();
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> eventCount(channel(stoppedPort)));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(eventCount(channel(StubService.TICKET, 1))).isGreaterThanOrEqualTo(20);

        cluster.startInstance(StubService.TICKET, 0);

        assertThat(cluster.port(StubService.TICKET, 0)).isEqualTo(stoppedPort);
        assertThat(eventCount(channel(stoppedPort))).isGreaterThanOrEqualTo(20);
    }

    @Test
    void injectedLatencyDelaysOneInstancesRepliesButNotItsHealthChecks() {
        Channel slow = channel(StubService.TICKET, 0);
        Channel fast = channel(StubService.TICKET, 1);
        eventCount(slow);
        eventCount(fast);

        cluster.setLatency(StubService.TICKET, 0, Duration.ofMillis(300));

        assertThat(timed(() -> eventCount(slow))).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(timed(() -> eventCount(fast))).isLessThan(Duration.ofMillis(300));
        assertThat(timed(() -> assertThat(health(cluster.port(StubService.TICKET, 0), ""))
                .isEqualTo(ServingStatus.SERVING))).isLessThan(Duration.ofMillis(300));
        StatusRuntimeException late = catchThrowableOfType(StatusRuntimeException.class,
                () -> TicketServiceGrpc.newBlockingStub(slow).withDeadlineAfter(100, TimeUnit.MILLISECONDS)
                        .getEvents(GetEventsRequest.getDefaultInstance()));
        assertThat(late.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);

        cluster.setLatency(StubService.TICKET, 0, Duration.ZERO);
        assertThat(timed(() -> eventCount(slow))).isLessThan(Duration.ofMillis(300));
        assertThatThrownBy(() -> cluster.setLatency(StubService.TICKET, 0, Duration.ofMillis(-1)))
                .hasMessage("latency must not be negative");
    }

    private static Duration timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private int eventCount(Channel channel) {
        return TicketServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .getEvents(GetEventsRequest.getDefaultInstance()).getTotal();
    }

    private ServingStatus health(int port, String service) {
        return HealthGrpc.newBlockingStub(channel(port)).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }

    private List<String> reflectedServices(int port) throws Exception {
        CompletableFuture<List<String>> names = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel(port))
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        names.complete(response.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName).toList());
                    }

                    @Override
                    public void onError(Throwable failure) {
                        names.completeExceptionally(failure);
                    }

                    @Override
                    public void onCompleted() {
                        names.complete(List.of());
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        return names.get(5, TimeUnit.SECONDS);
    }

    private Channel channel(StubService service, int index) {
        return channel(cluster.port(service, index));
    }

    private Channel channel(int port) {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", port, InsecureChannelCredentials.create())
                .build();
        channels.add(channel);
        return channel;
    }
}
