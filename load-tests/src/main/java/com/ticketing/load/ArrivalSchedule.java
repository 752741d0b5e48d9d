package com.ticketing.load;

import java.time.Duration;

/**
 * The open model's clock: request {@code i} is due at {@code start + i / rate}, whatever happened to
 * the requests before it. The first {@link #warmupCount()} requests warm up and are not recorded;
 * the run holds {@link #totalCount()} requests. Pure arithmetic, immutable.
 *
 * @param ratePerSecond constant arrival rate (requests per second), &gt; 0
 * @param warmup        time at the start whose requests are sent but not recorded
 * @param measure       time whose requests are recorded
 */
public record ArrivalSchedule(double ratePerSecond, Duration warmup, Duration measure) {

    public ArrivalSchedule {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
        if (warmup.isNegative() || measure.isNegative() || measure.isZero()) {
            throw new IllegalArgumentException("warm-up must be >= 0 and the measured time > 0");
        }
    }

    /** Nanoseconds between two intended send times. */
    public double intervalNanos() {
        return 1e9 / ratePerSecond;
    }

    /** Offset of request {@code index} from the start of the run, in nanoseconds. */
    public long offsetNanos(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0");
        }
        return Math.round(index * intervalNanos());
    }

    /** Absolute intended send time of request {@code index} for a run started at {@code startNanos} (System.nanoTime). */
    public long intendedNanos(long startNanos, long index) {
        return startNanos + offsetNanos(index);
    }

    /** Requests due during the warm-up: those are sent but not recorded. */
    public long warmupCount() {
        return countWithin(warmup);
    }

    /** All requests of the run (warm-up and measured). */
    public long totalCount() {
        return countWithin(warmup.plus(measure));
    }

    /** Requests that are recorded. */
    public long measuredCount() {
        return totalCount() - warmupCount();
    }

    public boolean isMeasured(long index) {
        return index >= warmupCount();
    }

    /** Offset (ns) at which the measured part starts. */
    public long measureStartOffsetNanos() {
        return warmup.toNanos();
    }

    /** Offset (ns) at which the last request is due plus one interval: the scheduled length of the run. */
    public long scheduledLengthNanos() {
        return warmup.plus(measure).toNanos();
    }

    /** How many of the instants {@code 0, 1/rate, 2/rate, …} fall strictly before {@code span}. */
    private long countWithin(Duration span) {
        double exact = span.toNanos() / intervalNanos();
        long count = (long) Math.ceil(exact - 1e-9);
        return Math.max(count, 0);
    }
}
