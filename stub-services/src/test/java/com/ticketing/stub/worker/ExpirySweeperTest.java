package com.ticketing.stub.worker;

import static com.ticketing.stub.booking.BookingFixture.HOLD;
import static com.ticketing.stub.booking.BookingFixture.SMALL_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.stub.booking.BookingFixture;
import com.ticketing.stub.booking.BookingRecord;
import com.ticketing.stub.booking.BookingState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExpirySweeperTest {

    private final BookingFixture world = new BookingFixture();

    @Test
    void holdExpiresExactlyWhenItRunsOut() {
        BookingRecord booking = world.open("usr-1", SMALL_EVENT, 4);
        world.processor.processNext();

        world.clock.advance(HOLD.minusMillis(1));
        assertThat(world.sweeper.sweep()).isZero();
        assertThat(world.current(booking.bookingId()).state()).isEqualTo(BookingState.RESERVED);

        world.clock.advance(Duration.ofMillis(1));
        assertThat(world.sweeper.sweep()).isEqualTo(1);
        assertThat(world.current(booking.bookingId()).state()).isEqualTo(BookingState.EXPIRED);
        assertThat(world.current(booking.bookingId()).holdExpiresAt()).isEmpty();
    }

    @Test
    void expiredBookingReturnsItsTicketsOnce() {
        world.open("usr-1", SMALL_EVENT, 4);
        world.processor.processNext();
        assertThat(world.available(SMALL_EVENT)).isEqualTo(16);

        world.clock.advance(HOLD);
        world.sweeper.sweep();
        world.sweeper.sweep();

        assertThat(world.available(SMALL_EVENT)).isEqualTo(20);
    }

    @Test
    void confirmedAndQueuedBookingsNeverExpire() {
        BookingRecord queued = world.open("usr-1", SMALL_EVENT, 1);

        world.clock.advance(HOLD.multipliedBy(2));

        assertThat(world.sweeper.sweep()).isZero();
        assertThat(world.current(queued.bookingId()).state()).isEqualTo(BookingState.QUEUED);
    }
}
