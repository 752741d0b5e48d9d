package com.ticketing.gateway.app;

/** Durations as log lines show them: milliseconds with one decimal, without a formatter per request. */
final class Millis {

    private Millis() {
    }

    /** {@code nanos} as milliseconds rounded half up to a tenth, e.g. {@code 12.3}; never localised. */
    static String tenths(long nanos) {
        long tenths = (Math.max(0, nanos) + 50_000) / 100_000;
        return (tenths / 10) + "." + (tenths % 10);
    }
}
