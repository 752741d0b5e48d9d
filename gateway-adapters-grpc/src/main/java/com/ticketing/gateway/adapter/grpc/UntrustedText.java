package com.ticketing.gateway.adapter.grpc;

/** Makes text that came from outside safe to put in messages: bounded and on one line. */
final class UntrustedText {

    private UntrustedText() {
    }

    /** At most {@code maxCodePoints} code points of {@code text}, control characters as spaces; "" for null. */
    static String cap(String text, int maxCodePoints) {
        if (text == null) {
            return "";
        }
        String bounded = text.codePointCount(0, text.length()) <= maxCodePoints
                ? text : text.substring(0, text.offsetByCodePoints(0, maxCodePoints));
        StringBuilder safe = new StringBuilder(bounded.length());
        bounded.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return safe.toString();
    }
}
