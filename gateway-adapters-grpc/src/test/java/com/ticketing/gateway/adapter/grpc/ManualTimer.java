package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A {@link ServiceBreaker.Timer} on a {@link MutableClock}: tasks run only in {@link #advance} (or
 * {@link #runDue}), on the test's thread, once their time has come, earliest first.
 */
final class ManualTimer implements ServiceBreaker.Timer {

    private record Task(Instant due, long order, Runnable task) {
    }

    private final MutableClock clock;
    private final List<Task> pending = new ArrayList<>();
    private long scheduled;

    ManualTimer(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void schedule(Duration delay, Runnable task) {
        pending.add(new Task(clock.instant().plus(delay), scheduled++, task));
    }

    /** Moves the clock, then runs every task now due. */
    void advance(Duration duration) {
        clock.advance(duration);
        runDue();
    }

    void runDue() {
        for (Optional<Task> next = nextDue(); next.isPresent(); next = nextDue()) {
            next.get().task().run();
        }
    }

    synchronized int pending() {
        return pending.size();
    }

    private synchronized Optional<Task> nextDue() {
        Optional<Task> due = pending.stream().filter(task -> !task.due().isAfter(clock.instant()))
                .min(Comparator.comparing(Task::due).thenComparingLong(Task::order));
        due.ifPresent(pending::remove);
        return due;
    }
}
