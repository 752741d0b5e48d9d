package com.ticketing.gateway.domain.route;

import java.util.OptionalLong;

/**
 * The integers a query parameter may take, both ends included. A value outside is the client's
 * error (400 naming the parameter) before anything is called: proto3 cannot tell an explicit
 * {@code 0} from an absent field, so only the gateway sees {@code page=0}.
 */
public record IntRange(long min, long max) {

    public IntRange {
        if (min > max) {
            throw new IllegalArgumentException("empty range " + min + ".." + max);
        }
    }

    public static IntRange between(long min, long max) {
        return new IntRange(min, max);
    }

    public static IntRange atLeast(long min) {
        return new IntRange(min, Long.MAX_VALUE);
    }

    /**
     * Why {@code text} is refused, or empty when it is in range or is not a decimal integer at all
     * (a value that does not convert is the transcoder's to name, with the field's type).
     */
    public java.util.Optional<String> violation(String text) {
        OptionalLong value = decimal(text);
        if (value.isEmpty() || (value.getAsLong() >= min && value.getAsLong() <= max)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(max == Long.MAX_VALUE ? "must be at least " + min
                : "must be between " + min + " and " + max);
    }

    /** A decimal integer in ASCII digits, as a URL's client writes it; Java would also take "+1" and other scripts' digits. */
    private static OptionalLong decimal(String text) {
        if (!isAsciiInteger(text)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** An optional {@code -} and one or more of {@code 0-9}: nothing else reads as an integer here. */
    public static boolean isAsciiInteger(String text) {
        int from = text.startsWith("-") ? 1 : 0;
        if (text.length() == from) {
            return false;
        }
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
