package com.ticketing.stub.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TicketInventoryTest {

    private final TicketInventory inventory = new TicketInventory(Events.catalog(Events.listing("evt-x", 20)));

    @Test
    void reservesNeverOversellUnderConcurrency() throws Exception {
        List<ReserveOutcome> outcomes = concurrently(200, i -> inventory.reserve("evt-x", "bkg-" + i, 1));

        assertThat(outcomes).filteredOn(ReserveOutcome.Reserved.class::isInstance).hasSize(20);
        assertThat(outcomes).filteredOn(ReserveOutcome.SoldOut.class::isInstance).hasSize(180);
        assertThat(inventory.available("evt-x")).hasValue(0);
    }

    @Test
    void concurrentReservationsForOneBookingHoldItsTicketsOnce() throws Exception {
        List<ReserveOutcome> outcomes = concurrently(50, i -> inventory.reserve("evt-x", "bkg-1", 3));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(ReserveOutcome.Reserved.class));
        assertThat(inventory.available("evt-x")).hasValue(17);
    }

    @Test
    void repeatedReservationOfOneBookingReturnsTheSameHold() {
        ReserveOutcome first = inventory.reserve("evt-x", "bkg-1", 2);
        ReserveOutcome second = inventory.reserve("evt-x", "bkg-1", 2);

        assertThat(second).isEqualTo(first);
        assertThat(inventory.available("evt-x")).hasValue(18);
    }

    @Test
    void reservingMoreThanLeftIsSoldOutAndHoldsNothing() {
        inventory.reserve("evt-x", "bkg-1", 15);

        assertThat(inventory.reserve("evt-x", "bkg-2", 6)).isEqualTo(new ReserveOutcome.SoldOut(5));
        assertThat(inventory.reserve("evt-x", "bkg-3", 5)).isInstanceOf(ReserveOutcome.Reserved.class);
        assertThat(inventory.available("evt-x")).hasValue(0);
    }

    @Test
    void releaseReturnsABookingsTicketsExactlyOnce() {
        inventory.reserve("evt-x", "bkg-1", 4);

        assertThat(inventory.release("evt-x", "bkg-1")).contains(new Release(4, 20));
        assertThat(inventory.release("evt-x", "bkg-1")).contains(new Release(0, 20));
    }

    @Test
    void releasedBookingCannotHoldAgain() {
        inventory.reserve("evt-x", "bkg-1", 4);
        inventory.release("evt-x", "bkg-1");

        assertThat(inventory.reserve("evt-x", "bkg-1", 4)).isEqualTo(new ReserveOutcome.AlreadyReleased());
        assertThat(inventory.available("evt-x")).hasValue(20);
    }

    @Test
    void unknownEventHasNoStock() {
        assertThat(inventory.reserve("evt-none", "bkg-1", 1)).isEqualTo(new ReserveOutcome.UnknownEvent());
        assertThat(inventory.release("evt-none", "bkg-1")).isEmpty();
        assertThat(inventory.available("evt-none")).isEmpty();
    }

    @Test
    void sellingNumbersSeatsOncePerBooking() {
        inventory.reserve("evt-x", "bkg-1", 2);
        inventory.reserve("evt-x", "bkg-2", 3);

        assertThat(inventory.sell("bkg-2")).get().extracting(SoldSeats::firstSeat).isEqualTo(0);
        assertThat(inventory.sell("bkg-1")).get().extracting(SoldSeats::firstSeat).isEqualTo(3);
        assertThat(inventory.sell("bkg-2")).get().extracting(SoldSeats::firstSeat).isEqualTo(0);
        assertThat(inventory.sell("bkg-unknown")).isEmpty();
    }

    private static <T> List<T> concurrently(int calls, IndexedCall<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int index = i;
                Callable<T> task = () -> {
                    start.await();
                    return call.run(index);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface IndexedCall<T> {
        T run(int index);
    }
}
