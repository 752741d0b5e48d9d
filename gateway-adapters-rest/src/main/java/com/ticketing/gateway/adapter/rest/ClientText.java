package com.ticketing.gateway.adapter.rest;

/**
 * Client-supplied text made safe to repeat in a problem document or a log line: capped, and
 * with every control character (C0, DEL, C1) and unpaired surrogate replaced by {@code ?}, so a
 * client can neither forge log lines nor smuggle invisible text into an answer.
 */
final class ClientText {

    private static final String ELLIPSIS = "...";

    private ClientText() {
    }

    /** At most {@code max} characters of {@code text} (plus an ellipsis when cut), controls replaced. */
    static String safe(String text, int max) {
        if (text == null) {
            return "";
        }
        int end = Math.min(text.length(), max);
        if (end < text.length() && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never cut a pair in half
        }
        StringBuilder out = new StringBuilder(end + ELLIPSIS.length());
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (isControl(c) || Character.isSurrogate(c)) {
                out.append('?');
            } else {
                out.append(c);
            }
        }
        if (end < text.length()) {
            out.append(ELLIPSIS);
        }
        return out.toString();
    }

    /** For log lines: printable ASCII only (anything else becomes {@code ?}), capped. */
    static String ascii(String text, int max) {
        if (text == null || text.isEmpty()) {
            return "-";
        }
        int end = Math.min(text.length(), max);
        StringBuilder out = new StringBuilder(end + ELLIPSIS.length());
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            out.append(c > 0x20 && c < 0x7F ? c : '?');
        }
        if (end < text.length()) {
            out.append(ELLIPSIS);
        }
        return out.toString();
    }

    static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    /** Whether {@code s} holds a control character (C0, DEL or C1). */
    static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
