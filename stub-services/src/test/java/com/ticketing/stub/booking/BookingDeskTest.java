package com.ticketing.stub.booking;

import static com.ticketing.stub.booking.BookingFixture.BIG_EVENT;
import static com.ticketing.stub.booking.BookingFixture.SMALL_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BookingDeskTest {

    private final BookingFixture world = new BookingFixture();

    @Test
    void openedBookingIsQueuedAtTheEndAndPricedFromTheEvent() {
        world.open("usr-1", BIG_EVENT, 1);

        QueuedBooking queued = world.desk.open("usr-2", BIG_EVENT, 3).orElseThrow();

        assertThat(queued.position()).isEqualTo(2);
        assertThat(queued.booking().state()).isEqualTo(BookingState.QUEUED);
        assertThat(queued.booking().amountCents()).isEqualTo(3 * 4500);
        assertThat(queued.booking().currency()).isEqualTo("EUR");
        assertThat(world.desk.open("usr-2", "evt-none", 1)).isEmpty();
    }

    @Test
    void cancellingAQueuedBookingTakesItOutOfLine() {
        BookingRecord first = world.open("usr-1", BIG_EVENT, 1);
        BookingRecord second = world.open("usr-2", BIG_EVENT, 1);

        assertThat(world.desk.cancel("usr-1", first.bookingId())).isInstanceOf(CancelOutcome.Cancelled.class);

        assertThat(world.queue.position(first.bookingId())).isEmpty();
        assertThat(world.queue.position(second.bookingId())).hasValue(1);
    }

    @Test
    void cancellingAReservedBookingReturnsItsTickets() {
        BookingRecord booking = world.open("usr-1", SMALL_EVENT, 5);
        world.processor.processNext();

        CancelOutcome outcome = world.desk.cancel("usr-1", booking.bookingId());

        assertThat(outcome).isInstanceOfSatisfying(CancelOutcome.Cancelled.class, cancelled -> {
            assertThat(cancelled.booking().state()).isEqualTo(BookingState.CANCELLED);
            assertThat(cancelled.booking().holdExpiresAt()).isEmpty();
        });
        assertThat(world.available(SMALL_EVENT)).isEqualTo(20);
    }

    @Test
    void finishedBookingsCannotBeCancelled() {
        BookingRecord booking = world.open("usr-1", SMALL_EVENT, 5);
        world.desk.cancel("usr-1", booking.bookingId());

        assertThat(world.desk.cancel("usr-1", booking.bookingId()))
                .isEqualTo(new CancelOutcome.NotCancellable(BookingState.CANCELLED));
    }

    @Test
    void anotherUsersBookingIsNotFound() {
        BookingRecord booking = world.open("usr-1", SMALL_EVENT, 5);

        assertThat(world.desk.cancel("usr-2", booking.bookingId())).isEqualTo(new CancelOutcome.NotFound());
        assertThat(world.current(booking.bookingId()).state()).isEqualTo(BookingState.QUEUED);
    }

    @Test
    void internalUpdateFollowsTheLifecycle() {
        BookingRecord booking = world.open("usr-1", BIG_EVENT, 2);
        Instant hold = Instant.parse("2029-06-01T10:05:00Z");

        UpdateOutcome reserved = world.desk.update(booking.bookingId(), Optional.empty(), new BookingChange(
                Optional.of(BookingState.RESERVED), OptionalInt.empty(), Optional.empty(), Optional.of(hold)));
        UpdateOutcome illegal = world.desk.update(booking.bookingId(), Optional.empty(), new BookingChange(
                Optional.of(BookingState.QUEUED), OptionalInt.empty(), Optional.empty(), Optional.empty()));

        assertThat(reserved).isInstanceOfSatisfying(UpdateOutcome.Updated.class,
                updated -> assertThat(updated.booking().holdExpiresAt()).contains(hold));
        assertThat(world.queue.position(booking.bookingId())).isEmpty();
        assertThat(illegal).isEqualTo(new UpdateOutcome.IllegalMove(BookingState.RESERVED, BookingState.QUEUED));
        assertThat(world.desk.update(booking.bookingId(), Optional.of("usr-2"), new BookingChange(
                Optional.empty(), OptionalInt.of(1), Optional.empty(), Optional.empty())))
                .isEqualTo(new UpdateOutcome.NotFound());
    }

    @Test
    void statePolicyAllowsOnlyTheDocumentedMoves() {
        assertThat(BookingState.QUEUED.canMoveTo(BookingState.RESERVED)).isTrue();
        assertThat(BookingState.QUEUED.canMoveTo(BookingState.CONFIRMED)).isFalse();
        assertThat(BookingState.RESERVED.canMoveTo(BookingState.EXPIRED)).isTrue();
        assertThat(BookingState.CONFIRMED.canMoveTo(BookingState.CANCELLED)).isTrue();
        assertThat(BookingState.EXPIRED.canMoveTo(BookingState.RESERVED)).isFalse();
        assertThat(BookingState.values()).filteredOn(BookingState::isFinal)
                .containsExactly(BookingState.CONFIRMED, BookingState.FAILED, BookingState.CANCELLED,
                        BookingState.EXPIRED);
    }
}
