package com.ticketing.stub.ticket;

import com.ticketing.proto.CallHeaders;
import com.ticketing.proto.ticket.Availability;
import com.ticketing.proto.ticket.GetAvailableTicketsRequest;
import com.ticketing.proto.ticket.GetEventByIdRequest;
import com.ticketing.proto.ticket.GetEventsRequest;
import com.ticketing.proto.ticket.GetEventsResponse;
import com.ticketing.proto.ticket.IssueTicketsRequest;
import com.ticketing.proto.ticket.ListUserTicketsRequest;
import com.ticketing.proto.ticket.ListUserTicketsResponse;
import com.ticketing.proto.ticket.ReleaseTicketsRequest;
import com.ticketing.proto.ticket.ReleaseTicketsResponse;
import com.ticketing.proto.ticket.ReserveTicketsRequest;
import com.ticketing.proto.ticket.Reservation;
import com.ticketing.proto.ticket.TicketServiceGrpc;
import com.ticketing.stub.grpc.Caller;
import com.ticketing.stub.grpc.Failures;
import com.ticketing.stub.grpc.Unary;
import com.ticketing.stub.grpc.Violations;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** The ticket service: the catalog, atomic reservations and issued tickets. */
public final class TicketGrpcService extends TicketServiceGrpc.TicketServiceImplBase {

    public static final String DOMAIN = "ticket.ticketing";

    private final EventCatalog catalog;
    private final TicketInventory inventory;
    private final TicketOffice office;

    public TicketGrpcService(EventCatalog catalog, TicketInventory inventory, TicketOffice office) {
        this.catalog = catalog;
        this.inventory = inventory;
        this.office = office;
    }

    @Override
    public void getEvents(GetEventsRequest request, StreamObserver<GetEventsResponse> responses) {
        Unary.answer(responses, () -> {
            new Violations().addAll(EventQuery.violations(request.getPage(), request.getPageSize())).throwIfAny();
            EventQuery query = EventQuery.of(
                    request.getCategory(), request.getQ(), request.getPage(), request.getPageSize());
            EventPage page = catalog.search(query);
            GetEventsResponse.Builder response = GetEventsResponse.newBuilder()
                    .setPage(query.page())
                    .setPageSize(query.pageSize())
                    .setTotal(page.total());
            page.events().forEach(event -> response.addEvents(TicketProtos.event(event, available(event.id()))));
            return response.build();
        });
    }

    @Override
    public void getEventById(GetEventByIdRequest request, StreamObserver<com.ticketing.proto.ticket.Event> responses) {
        Unary.answer(responses, () -> catalog.find(request.getEventId())
                .map(event -> TicketProtos.event(event, available(event.id())))
                .orElseThrow(TicketGrpcService::eventNotFound));
    }

    @Override
    public void getAvailableTickets(GetAvailableTicketsRequest request, StreamObserver<Availability> responses) {
        Unary.answer(responses, () -> Availability.newBuilder()
                .setEventId(request.getEventId())
                .setAvailableTickets(available(request.getEventId()))
                .build());
    }

    @Override
    public void reserveTickets(ReserveTicketsRequest request, StreamObserver<Reservation> responses) {
        Unary.answer(responses, () -> {
            new Violations()
                    .notBlank("eventId", request.getEventId())
                    .notBlank("bookingId", request.getBookingId())
                    .check(request.getQuantity() >= 1, "quantity", "must be at least 1")
                    .throwIfAny();
            EventListing event = catalog.find(request.getEventId()).orElseThrow(TicketGrpcService::eventNotFound);
            return switch (inventory.reserve(event.id(), request.getBookingId(), request.getQuantity())) {
                case ReserveOutcome.Reserved reserved -> Reservation.newBuilder()
                        .setEventId(event.id())
                        .setBookingId(reserved.allocation().bookingId())
                        .setQuantity(reserved.allocation().quantity())
                        .setAmountCents(event.priceOf(reserved.allocation().quantity()))
                        .setCurrency(event.currency())
                        .setAvailableTickets(reserved.available())
                        .build();
                case ReserveOutcome.SoldOut soldOut -> throw soldOut();
                case ReserveOutcome.UnknownEvent unknown -> throw eventNotFound();
                case ReserveOutcome.AlreadyReleased released ->
                        throw Failures.failedPrecondition("the booking's tickets were already released");
            };
        });
    }

    @Override
    public void releaseTickets(ReleaseTicketsRequest request, StreamObserver<ReleaseTicketsResponse> responses) {
        Unary.answer(responses, () -> {
            new Violations()
                    .notBlank("eventId", request.getEventId())
                    .notBlank("bookingId", request.getBookingId())
                    .throwIfAny();
            Release release = office.release(request.getEventId(), request.getBookingId())
                    .orElseThrow(TicketGrpcService::eventNotFound);
            return ReleaseTicketsResponse.newBuilder()
                    .setReleased(release.released())
                    .setAvailableTickets(release.available())
                    .build();
        });
    }

    @Override
    public void issueTickets(IssueTicketsRequest request, StreamObserver<ListUserTicketsResponse> responses) {
        Unary.answer(responses, () -> {
            new Violations()
                    .notBlank("bookingId", request.getBookingId())
                    .notBlank("userId", request.getUserId())
                    .throwIfAny();
            return office.issue(request.getBookingId(), request.getUserId())
                    .map(TicketGrpcService::ticketList)
                    .orElseThrow(() -> Failures.failedPrecondition("the booking holds no tickets"));
        });
    }

    @Override
    public void listUserTickets(ListUserTicketsRequest request, StreamObserver<ListUserTicketsResponse> responses) {
        Unary.answer(responses, () -> ticketList(office.ticketsOf(Caller.current().requireUserId())));
    }

    private int available(String eventId) {
        return inventory.available(eventId).orElseThrow(TicketGrpcService::eventNotFound);
    }

    private static ListUserTicketsResponse ticketList(List<IssuedTicket> tickets) {
        ListUserTicketsResponse.Builder response = ListUserTicketsResponse.newBuilder();
        tickets.forEach(ticket -> response.addTickets(TicketProtos.ticket(ticket)));
        return response.build();
    }

    /** NOT_FOUND "event not found"; shared with the booking service. */
    public static StatusRuntimeException eventNotFound() {
        return Failures.notFound("event not found");
    }

    /** FAILED_PRECONDITION with reason SOLD_OUT. */
    public static StatusRuntimeException soldOut() {
        return Failures.failedPrecondition(CallHeaders.REASON_SOLD_OUT, DOMAIN, "not enough tickets left");
    }
}
