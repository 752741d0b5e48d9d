package com.ticketing.stub.booking;

import com.ticketing.stub.support.Change;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every booking, shared by the booking service, the worker and the payment service (one store
 * behind all their instances). Thread-safe: updates of one booking are serialized; listeners of a
 * booking run after each change of it (and on {@link #signal}), outside any lock, on the thread
 * that made the change.
 */
public final class BookingLedger {

    private static final Logger LOG = Logger.getLogger(BookingLedger.class.getName());

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<Runnable>> listeners = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** The next creation sequence number for {@link BookingRecord#sequence()}. */
    public long nextSequence() {
        return sequence.incrementAndGet();
    }

    public void add(BookingRecord booking) {
        if (slots.putIfAbsent(booking.bookingId(), new Slot(booking)) != null) {
            throw new IllegalStateException("duplicate booking id " + booking.bookingId());
        }
        signal(List.of(booking.bookingId()));
    }

    public Optional<BookingRecord> find(String bookingId) {
        return Optional.ofNullable(slots.get(bookingId)).map(Slot::current);
    }

    /** The booking when it belongs to {@code userId}; another user's booking is as absent as a missing one. */
    public Optional<BookingRecord> findOwned(String bookingId, String userId) {
        return find(bookingId).filter(booking -> booking.isOwnedBy(userId));
    }

    /** The user's bookings, newest first. */
    public List<BookingRecord> ownedBy(String userId) {
        return slots.values().stream()
                .map(Slot::current)
                .filter(booking -> booking.isOwnedBy(userId))
                .sorted(Comparator.comparingLong(BookingRecord::sequence).reversed())
                .toList();
    }

    public List<BookingRecord> inState(BookingState state) {
        return slots.values().stream().map(Slot::current).filter(booking -> booking.state() == state).toList();
    }

    /**
     * Atomically replaces the booking with {@code change} applied to it, then tells its listeners
     * when it changed. {@code change} runs while the booking is locked: it must be quick and must
     * not update this booking itself. Empty for an unknown booking.
     */
    public Optional<Change<BookingRecord>> update(String bookingId, UnaryOperator<BookingRecord> change) {
        Slot slot = slots.get(bookingId);
        if (slot == null) {
            return Optional.empty();
        }
        Change<BookingRecord> result = slot.apply(change);
        if (result.changed()) {
            signal(List.of(bookingId));
        }
        return Optional.of(result);
    }

    /** Calls {@code listener} after every change of the booking until the subscription is closed. */
    public Subscription subscribe(String bookingId, Runnable listener) {
        listeners.compute(bookingId, (id, set) -> {
            Set<Runnable> subscribers = set == null ? new CopyOnWriteArraySet<>() : set;
            subscribers.add(listener);
            return subscribers;
        });
        return () -> listeners.computeIfPresent(bookingId, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    /** Tells the listeners of these bookings that something about them changed (e.g. their queue position). */
    public void signal(Collection<String> bookingIds) {
        for (String bookingId : bookingIds) {
            Set<Runnable> subscribers = listeners.get(bookingId);
            if (subscribers == null) {
                continue;
            }
            for (Runnable subscriber : subscribers) {
                try {
                    subscriber.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "booking listener failed for " + bookingId, e);
                }
            }
        }
    }

    /** How many listeners the booking has (for diagnostics and tests). */
    public int listenerCount(String bookingId) {
        Set<Runnable> subscribers = listeners.get(bookingId);
        return subscribers == null ? 0 : subscribers.size();
    }

    /** One booking; its monitor serializes updates, reads see the latest committed value. */
    private static final class Slot {
        private volatile BookingRecord record;

        Slot(BookingRecord record) {
            this.record = record;
        }

        BookingRecord current() {
            return record;
        }

        synchronized Change<BookingRecord> apply(UnaryOperator<BookingRecord> change) {
            BookingRecord before = record;
            BookingRecord after = change.apply(before);
            if (!after.bookingId().equals(before.bookingId())) {
                throw new IllegalArgumentException("an update must not change the booking id");
            }
            record = after;
            return new Change<>(before, after);
        }
    }
}
