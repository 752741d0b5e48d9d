package com.ticketing.stub;

import com.ticketing.stub.auth.AuthGrpcService;
import com.ticketing.stub.auth.CallerTokenCheck;
import com.ticketing.stub.auth.JwtSettings;
import com.ticketing.stub.auth.PasswordHasher;
import com.ticketing.stub.auth.SessionRegistry;
import com.ticketing.stub.auth.TokenCodec;
import com.ticketing.stub.auth.UserDirectory;
import com.ticketing.stub.booking.BookingDesk;
import com.ticketing.stub.booking.BookingGrpcService;
import com.ticketing.stub.booking.BookingLedger;
import com.ticketing.stub.booking.BookingLifecycle;
import com.ticketing.stub.booking.BookingViews;
import com.ticketing.stub.grpc.CallerInterceptor;
import com.ticketing.stub.grpc.ResponseHeadersInterceptor;
import com.ticketing.stub.payment.Cashier;
import com.ticketing.stub.payment.PaymentGrpcService;
import com.ticketing.stub.payment.PaymentLedger;
import com.ticketing.stub.ticket.EventCatalog;
import com.ticketing.stub.ticket.TicketGrpcService;
import com.ticketing.stub.ticket.TicketInventory;
import com.ticketing.stub.ticket.TicketOffice;
import com.ticketing.stub.worker.BookingQueue;
import com.ticketing.stub.worker.BookingQueueGrpcService;
import com.ticketing.stub.worker.ExpirySweeper;
import com.ticketing.stub.worker.QueueProcessor;
import com.ticketing.stub.worker.WorkerSchedule;
import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The in-memory state of all five services and their gRPC implementations, wired with plain
 * constructors. One instance backs every server of every service, like replicas sharing one
 * database. The worker runs only between {@link #start()} and {@link #close()}; tests may instead
 * drive {@link #processor()} and {@link #sweeper()} by hand.
 */
final class StubBackends implements AutoCloseable {

    private final BookingLedger ledger = new BookingLedger();
    private final BookingQueue queue = new BookingQueue(ledger::signal);
    private final QueueProcessor processor;
    private final ExpirySweeper sweeper;
    private final WorkerSchedule schedule;
    private final ScheduledExecutorService lateReplies;
    private final Map<StubService, ServerServiceDefinition> definitions = new EnumMap<>(StubService.class);
    private final List<ServerInterceptor> interceptors;

    StubBackends(StubConfig config) {
        Clock clock = config.clock();
        EventCatalog catalog = EventCatalog.seeded(clock);
        TicketInventory inventory = new TicketInventory(catalog);
        TicketOffice office = new TicketOffice(catalog, inventory, clock);
        BookingLifecycle lifecycle = new BookingLifecycle(ledger, queue, office);
        BookingViews views = new BookingViews(queue);
        BookingDesk desk = new BookingDesk(catalog, ledger, queue, lifecycle, config.holdDuration(), clock);
        processor = new QueueProcessor(queue, ledger, lifecycle, inventory, office, config.holdDuration(), clock);
        sweeper = new ExpirySweeper(ledger, lifecycle, clock);
        schedule = new WorkerSchedule(processor, sweeper, config.workerPace());
        lateReplies = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "payment-late-replies");
            thread.setDaemon(true);
            return thread;
        });
        JwtSettings jwt = new JwtSettings(config.jwtSecret(), config.jwtRefreshSecret(), config.jwtIssuer(),
                config.jwtAudience(), config.accessTokenTtl(), config.refreshTokenTtl());
        // ServerInterceptors.intercept runs the last one first: the token check before anything else.
        List<ServerInterceptor> chain = new ArrayList<>(
                List.of(new ResponseHeadersInterceptor(), new CallerInterceptor()));
        if (config.requireCallerToken()) {
            chain.add(new CallerTokenCheck(new TokenCodec(jwt, clock)));
        }
        interceptors = List.copyOf(chain);

        bind(StubService.AUTH, new AuthGrpcService(
                new UserDirectory(), new SessionRegistry(clock), new PasswordHasher(), jwt, clock));
        bind(StubService.TICKET, new TicketGrpcService(catalog, inventory, office));
        bind(StubService.BOOKING, new BookingGrpcService(desk, ledger, views));
        PaymentLedger payments = new PaymentLedger();
        bind(StubService.PAYMENT, new PaymentGrpcService(new Cashier(ledger, lifecycle, office, payments, clock),
                payments, lateReplies, config.slowPaymentDelay()));
        bind(StubService.BOOKING_WORKER, new BookingQueueGrpcService(ledger, queue, views));
    }

    /**
     * The service with the caller-metadata and response-header interceptors and, when
     * {@link StubConfig#requireCallerToken()}, the caller token check.
     */
    ServerServiceDefinition definition(StubService service) {
        return definitions.get(service);
    }

    QueueProcessor processor() {
        return processor;
    }

    ExpirySweeper sweeper() {
        return sweeper;
    }

    BookingLedger ledger() {
        return ledger;
    }

    /** Starts the booking worker's schedule. */
    void start() {
        schedule.start();
    }

    @Override
    public void close() {
        schedule.close();
        lateReplies.shutdownNow();
    }

    private void bind(StubService service, BindableService implementation) {
        definitions.put(service, ServerInterceptors.intercept(implementation, interceptors));
    }
}
