package com.ticketing.gateway.adapter.grpc;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A nano-time source that moves only when told to. Starts far from zero, as System.nanoTime may. */
final class NanoClock implements LongSupplier {

    private long now = -7_000_000_000_000L;

    @Override
    public long getAsLong() {
        return now;
    }

    void advance(Duration duration) {
        now += duration.toNanos();
    }
}
