package com.ticketing.stub.worker;

import static com.ticketing.stub.booking.BookingFixture.BIG_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.stub.booking.BookingFixture;
import com.ticketing.stub.booking.BookingRecord;
import com.ticketing.stub.booking.BookingState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerScheduleTest {

    private final BookingFixture world = new BookingFixture();

    @Test
    void scheduleDecidesQueuedBookingsInOrderAtItsPace() throws InterruptedException {
        List<String> reservedOrder = new CopyOnWriteArrayList<>();
        List<BookingRecord> bookings = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            BookingRecord booking = world.open("usr-" + i, BIG_EVENT, 1);
            bookings.add(booking);
            world.ledger.subscribe(booking.bookingId(), () -> {
                if (world.current(booking.bookingId()).state() == BookingState.RESERVED
                        && !reservedOrder.contains(booking.bookingId())) {
                    reservedOrder.add(booking.bookingId());
                }
            });
        }

        try (WorkerSchedule schedule = new WorkerSchedule(world.processor, world.sweeper, Duration.ofMillis(20))) {
            schedule.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (reservedOrder.size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }

        assertThat(reservedOrder).containsExactlyElementsOf(bookings.stream().map(BookingRecord::bookingId).toList());
    }
}
