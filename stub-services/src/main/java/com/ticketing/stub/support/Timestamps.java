package com.ticketing.stub.support;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** RFC 3339 timestamps in UTC with whole seconds, as the REST contract shows them: {@code 2026-11-27T18:30:00Z}. */
public final class Timestamps {

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Parses any RFC 3339 instant; empty when the text is not one. */
    public static Optional<Instant> parse(String text) {
        try {
            return Optional.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
