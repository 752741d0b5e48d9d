package com.ticketing.stub.booking;

import com.ticketing.proto.booking.Booking;
import com.ticketing.proto.booking.BookingServiceGrpc;
import com.ticketing.proto.booking.CancelBookingRequest;
import com.ticketing.proto.booking.CreateBookingRequest;
import com.ticketing.proto.booking.GetBookingRequest;
import com.ticketing.proto.booking.ListBookingsRequest;
import com.ticketing.proto.booking.ListBookingsResponse;
import com.ticketing.proto.booking.UpdateBookingRequest;
import com.ticketing.stub.grpc.Caller;
import com.ticketing.stub.grpc.Failures;
import com.ticketing.stub.grpc.ResponseHeaders;
import com.ticketing.stub.grpc.Unary;
import com.ticketing.stub.grpc.Violations;
import com.ticketing.stub.support.IdempotencyStore;
import com.ticketing.stub.support.IdempotentOutcome;
import com.ticketing.stub.support.Timestamps;
import com.ticketing.stub.ticket.TicketGrpcService;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The booking service: the caller's bookings; creating one puts it in the worker's queue. */
public final class BookingGrpcService extends BookingServiceGrpc.BookingServiceImplBase {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final BookingDesk desk;
    private final BookingLedger ledger;
    private final BookingViews views;
    private final IdempotencyStore<QueuedBooking> idempotency = new IdempotencyStore<>();

    public BookingGrpcService(BookingDesk desk, BookingLedger ledger, BookingViews views) {
        this.desk = desk;
        this.ledger = ledger;
        this.views = views;
    }

    /** With an idempotency key, the same key and body give the same booking (its current state). */
    @Override
    public void createBooking(CreateBookingRequest request, StreamObserver<Booking> responses) {
        Unary.answer(responses, () -> {
            Caller caller = Caller.current();
            String userId = caller.requireUserId();
            new Violations()
                    .notBlank("eventId", request.getEventId())
                    .check(request.getQuantity() >= BookingDesk.MIN_QUANTITY
                                    && request.getQuantity() <= BookingDesk.MAX_QUANTITY, "quantity",
                            "must be between " + BookingDesk.MIN_QUANTITY + " and " + BookingDesk.MAX_QUANTITY)
                    .throwIfAny();
            Supplier<QueuedBooking> open = () -> desk.open(userId, request.getEventId(), request.getQuantity())
                    .orElseThrow(TicketGrpcService::eventNotFound);
            if (caller.idempotencyKey().isEmpty()) {
                return snapshot(open.get());
            }
            CreateBody body = new CreateBody(request.getEventId(), request.getQuantity());
            return switch (idempotency.execute(userId, caller.idempotencyKey().get(), body, open)) {
                case IdempotentOutcome.Fresh<QueuedBooking> fresh -> snapshot(fresh.result());
                case IdempotentOutcome.Replayed<QueuedBooking> replayed -> {
                    ResponseHeaders.current().markIdempotentReplay();
                    yield ledger.find(replayed.result().booking().bookingId()).map(views::render).orElseThrow();
                }
                case IdempotentOutcome.Conflict<QueuedBooking> conflict ->
                        throw Failures.alreadyExists("Idempotency-Key was used with another request");
            };
        });
    }

    @Override
    public void getBooking(GetBookingRequest request, StreamObserver<Booking> responses) {
        Unary.answer(responses, () -> ledger.findOwned(request.getBookingId(), Caller.current().requireUserId())
                .map(views::render)
                .orElseThrow(BookingGrpcService::bookingNotFound));
    }

    @Override
    public void cancelBooking(CancelBookingRequest request, StreamObserver<Booking> responses) {
        Unary.answer(responses, () -> switch (desk.cancel(Caller.current().requireUserId(), request.getBookingId())) {
            case CancelOutcome.Cancelled cancelled -> views.render(cancelled.booking());
            case CancelOutcome.NotFound notFound -> throw bookingNotFound();
            case CancelOutcome.NotCancellable refused ->
                    throw Failures.failedPrecondition("booking cannot be cancelled in status " + refused.state());
        });
    }

    /** For the platform's services; when the call names a user, only that user's bookings are found. */
    @Override
    public void updateBooking(UpdateBookingRequest request, StreamObserver<Booking> responses) {
        Unary.answer(responses, () -> {
            BookingChange change = change(request);
            return switch (desk.update(request.getBookingId(), Caller.current().userId(), change)) {
                case UpdateOutcome.Updated updated -> views.render(updated.booking());
                case UpdateOutcome.NotFound notFound -> throw bookingNotFound();
                case UpdateOutcome.IllegalMove move -> throw Failures.failedPrecondition(
                        "booking cannot move from " + move.from() + " to " + move.to());
            };
        });
    }

    @Override
    public void listBookings(ListBookingsRequest request, StreamObserver<ListBookingsResponse> responses) {
        Unary.answer(responses, () -> {
            ListBookingsResponse.Builder response = ListBookingsResponse.newBuilder();
            ledger.ownedBy(Caller.current().requireUserId()).forEach(booking -> response.addBookings(views.render(booking)));
            return response.build();
        });
    }

    private Booking snapshot(QueuedBooking queued) {
        return views.render(queued.booking(), OptionalInt.of(queued.position()));
    }

    private static BookingChange change(UpdateBookingRequest request) {
        Optional<Instant> hold = request.getHoldExpiresAt().isBlank()
                ? Optional.empty()
                : Timestamps.parse(request.getHoldExpiresAt());
        new Violations()
                .notBlank("bookingId", request.getBookingId())
                .check(request.getAmountCents() >= 0, "amountCents", "must not be negative")
                .check(request.getCurrency().isEmpty() || CURRENCY.matcher(request.getCurrency()).matches(),
                        "currency", "must be an ISO 4217 code")
                .check(request.getHoldExpiresAt().isBlank() || hold.isPresent(),
                        "holdExpiresAt", "must be an RFC 3339 timestamp")
                .throwIfAny();
        return new BookingChange(
                BookingViews.state(request.getStatus()),
                request.getAmountCents() > 0 ? OptionalInt.of(request.getAmountCents()) : OptionalInt.empty(),
                request.getCurrency().isEmpty() ? Optional.empty() : Optional.of(request.getCurrency()),
                hold);
    }

    /** NOT_FOUND "booking not found", for missing bookings and other users' alike. */
    public static StatusRuntimeException bookingNotFound() {
        return Failures.notFound("booking not found");
    }

    private record CreateBody(String eventId, int quantity) {
    }
}
