package com.ticketing.stub.worker;

import com.ticketing.stub.booking.WaitingLine;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The worker's FIFO line of booking ids. Thread-safe. When bookings move up (someone ahead of them
 * left the line), {@code movedUp} is told which, outside the line's lock.
 */
public final class BookingQueue implements WaitingLine {

    private final LinkedHashSet<String> line = new LinkedHashSet<>();
    private final Consumer<List<String>> movedUp;

    public BookingQueue(Consumer<List<String>> movedUp) {
        this.movedUp = movedUp;
    }

    @Override
    public synchronized int enqueue(String bookingId) {
        line.add(bookingId);
        return positionOf(bookingId);
    }

    @Override
    public boolean remove(String bookingId) {
        List<String> behind = new ArrayList<>();
        synchronized (this) {
            if (!line.contains(bookingId)) {
                return false;
            }
            boolean passed = false;
            for (String waiting : line) {
                if (passed) {
                    behind.add(waiting);
                }
                passed = passed || waiting.equals(bookingId);
            }
            line.remove(bookingId);
        }
        if (!behind.isEmpty()) {
            movedUp.accept(List.copyOf(behind));
        }
        return true;
    }

    /** The booking at the head of the line, which stays in line until removed. */
    public synchronized Optional<String> head() {
        return line.stream().findFirst();
    }

    @Override
    public synchronized OptionalInt position(String bookingId) {
        int position = positionOf(bookingId);
        return position == 0 ? OptionalInt.empty() : OptionalInt.of(position);
    }

    @Override
    public synchronized int length() {
        return line.size();
    }

    /** 1-based position, 0 when not in line; the caller holds the lock. */
    private int positionOf(String bookingId) {
        int position = 1;
        for (String waiting : line) {
            if (waiting.equals(bookingId)) {
                return position;
            }
            position++;
        }
        return 0;
    }
}
