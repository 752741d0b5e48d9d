package com.ticketing.stub.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.stub.support.MutableClock;
import java.util.List;
import org.junit.jupiter.api.Test;

class TicketOfficeTest {

    private final MutableClock clock = MutableClock.at("2029-06-01T10:00:00Z");
    private final EventCatalog catalog = Events.catalog(Events.listing("evt-x", 50));
    private final TicketInventory inventory = new TicketInventory(catalog);
    private final TicketOffice office = new TicketOffice(catalog, inventory, clock);

    @Test
    void issuesOneTicketPerSeatWithDistinctSeatsAndCodes() {
        inventory.reserve("evt-x", "bkg-1", 3);

        List<IssuedTicket> tickets = office.issue("bkg-1", "usr-1").orElseThrow();

        assertThat(tickets).extracting(IssuedTicket::seat).containsExactly("A-1", "A-2", "A-3");
        assertThat(tickets).extracting(IssuedTicket::code).doesNotHaveDuplicates()
                .allSatisfy(code -> assertThat(code).hasSize(12));
        assertThat(tickets).extracting(IssuedTicket::ticketId).doesNotHaveDuplicates();
        assertThat(tickets).allSatisfy(ticket -> {
            assertThat(ticket.eventName()).isEqualTo("Event evt-x");
            assertThat(ticket.issuedAt()).isEqualTo(clock.instant());
        });
    }

    @Test
    void issuingAgainReturnsTheSameTickets() {
        inventory.reserve("evt-x", "bkg-1", 2);

        assertThat(office.issue("bkg-1", "usr-1")).isEqualTo(office.issue("bkg-1", "usr-1"));
        assertThat(office.ticketsOf("usr-1")).hasSize(2);
    }

    @Test
    void bookingWithoutHeldTicketsGetsNone() {
        assertThat(office.issue("bkg-unknown", "usr-1")).isEmpty();
    }

    @Test
    void userSeesOnlyOwnTickets() {
        inventory.reserve("evt-x", "bkg-1", 2);
        inventory.reserve("evt-x", "bkg-2", 1);
        office.issue("bkg-1", "usr-1");
        office.issue("bkg-2", "usr-2");

        assertThat(office.ticketsOf("usr-1")).extracting(IssuedTicket::bookingId).containsOnly("bkg-1");
        assertThat(office.ticketsOf("usr-2")).extracting(IssuedTicket::seat).containsExactly("A-3");
    }

    @Test
    void releaseVoidsIssuedTicketsAndReturnsTheSeats() {
        inventory.reserve("evt-x", "bkg-1", 2);
        office.issue("bkg-1", "usr-1");

        assertThat(office.release("evt-x", "bkg-1")).contains(new Release(2, 50));
        assertThat(office.ticketsOf("usr-1")).isEmpty();
    }
}
