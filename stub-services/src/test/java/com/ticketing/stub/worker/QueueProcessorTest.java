package com.ticketing.stub.worker;

import static com.ticketing.stub.booking.BookingFixture.BIG_EVENT;
import static com.ticketing.stub.booking.BookingFixture.HOLD;
import static com.ticketing.stub.booking.BookingFixture.SMALL_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.stub.booking.BookingFixture;
import com.ticketing.stub.booking.BookingRecord;
import com.ticketing.stub.booking.BookingState;
import org.junit.jupiter.api.Test;

class QueueProcessorTest {

    private final BookingFixture world = new BookingFixture();

    @Test
    void decidesBookingsInArrivalOrderOnePerStep() {
        BookingRecord first = world.open("usr-1", BIG_EVENT, 1);
        BookingRecord second = world.open("usr-2", BIG_EVENT, 1);
        BookingRecord third = world.open("usr-3", BIG_EVENT, 1);

        assertThat(world.processor.processNext()).get().extracting(BookingRecord::bookingId)
                .isEqualTo(first.bookingId());
        assertThat(world.current(second.bookingId()).state()).isEqualTo(BookingState.QUEUED);
        assertThat(world.queue.position(second.bookingId())).hasValue(1);
        assertThat(world.queue.position(third.bookingId())).hasValue(2);

        assertThat(world.processor.processNext()).get().extracting(BookingRecord::bookingId)
                .isEqualTo(second.bookingId());
        assertThat(world.processor.processNext()).get().extracting(BookingRecord::bookingId)
                .isEqualTo(third.bookingId());
        assertThat(world.processor.processNext()).isEmpty();
    }

    @Test
    void reservedBookingHoldsItsTicketsUntilNowPlusHoldDuration() {
        BookingRecord booking = world.open("usr-1", BIG_EVENT, 3);

        BookingRecord decided = world.processor.processNext().orElseThrow();

        assertThat(decided.state()).isEqualTo(BookingState.RESERVED);
        assertThat(decided.holdExpiresAt()).contains(world.clock.instant().plus(HOLD));
        assertThat(world.available(BIG_EVENT)).isEqualTo(997);
        assertThat(world.queue.position(booking.bookingId())).isEmpty();
    }

    @Test
    void bookingBeyondTheRemainingTicketsFails() {
        world.open("usr-1", SMALL_EVENT, 10);
        world.open("usr-2", SMALL_EVENT, 10);
        BookingRecord third = world.open("usr-3", SMALL_EVENT, 1);

        world.processor.processNext();
        world.processor.processNext();
        BookingRecord decided = world.processor.processNext().orElseThrow();

        assertThat(decided.bookingId()).isEqualTo(third.bookingId());
        assertThat(decided.state()).isEqualTo(BookingState.FAILED);
        assertThat(world.available(SMALL_EVENT)).isZero();
    }

    @Test
    void cancelledBookingIsSkippedAndTheNextOneDecided() {
        BookingRecord cancelled = world.open("usr-1", BIG_EVENT, 1);
        BookingRecord next = world.open("usr-2", BIG_EVENT, 1);
        world.desk.cancel("usr-1", cancelled.bookingId());

        assertThat(world.processor.processNext()).get().extracting(BookingRecord::bookingId)
                .isEqualTo(next.bookingId());
        assertThat(world.current(cancelled.bookingId()).state()).isEqualTo(BookingState.CANCELLED);
        assertThat(world.available(BIG_EVENT)).isEqualTo(999);
    }
}
