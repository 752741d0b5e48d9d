package com.ticketing.e2e;

import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls for a state the system reaches asynchronously (health watching, rotation changes). */
final class Eventually {

    private Eventually() {
    }

    /** The first value accepted by {@code until} within 10 s; the last value seen otherwise. */
    static <T> T get(Supplier<T> probe, Predicate<T> until) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        T value = probe.get();
        while (!until.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return value;
            }
            value = probe.get();
        }
        return value;
    }
}
