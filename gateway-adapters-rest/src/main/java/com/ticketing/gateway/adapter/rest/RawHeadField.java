package com.ticketing.gateway.adapter.rest;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A field of a request head as it came, read from the head's raw bytes: of a head Tomcat refused
 * before it parsed the header fields (a request line too long for the head's buffer, a character
 * the request target may not hold), its {@code Origin}, so that an allowed origin can read that
 * refusal too, and its {@code X-Request-Id}, so that the refusal carries the client's id as every
 * other answer does; of any head, a {@code Content-Length} Tomcat dropped beside a
 * {@code Transfer-Encoding}.
 * Only the first line of the field counts; a value that is not plausible (visible ASCII, at most
 * {@link #MAX_LENGTH} characters) is none. What the value is worth is decided as for any request:
 * whether the origin is allowed by {@link CorsHeaders}, whether the id is acceptable by {@link RequestIds}.
 */
final class RawHeadField {

    static final int MAX_LENGTH = 512;

    private RawHeadField() {
    }

    /** What the scan of a head's first {@code length} bytes found. */
    sealed interface Scan {
        /** The head has the field, with this value. */
        record Found(String value) implements Scan {
        }

        /** The head ended (or its first such field has no plausible value): there is none to find. */
        record None() implements Scan {
        }

        /** The bytes end before the head does: more of it may hold the field. */
        record Incomplete() implements Scan {
        }
    }

    /** The field named {@code lowerCaseName} (e.g. {@code "origin"}) in a head's first {@code length} bytes. */
    static Scan scan(byte[] head, int length, String lowerCaseName) {
        byte[] name = (lowerCaseName + ":").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int start = 0;
        while (start < length && (head[start] == '\r' || head[start] == '\n')) {
            start++; // blank lines before the request line, which Tomcat skips too
        }
        int line = next(head, start, length); // past the request line
        while (line >= 0 && line < length) {
            int end = indexOf(head, (byte) '\n', line, length);
            if (end < 0) {
                return new Scan.Incomplete();
            }
            int last = end > line && head[end - 1] == '\r' ? end - 1 : end;
            if (last == line) {
                return new Scan.None(); // the blank line that ends the head
            }
            if (startsWithIgnoringCase(head, line, last, name)) {
                String value = value(head, line + name.length, last);
                return value == null ? new Scan.None() : new Scan.Found(value);
            }
            line = end + 1;
        }
        return new Scan.Incomplete();
    }

    /**
     * The wanted fields of a head read on as its bytes come, in pieces, keeping nothing but the
     * line at hand and only while it may still be one of them: a line longer than a wanted field
     * can be (a huge request target or header) is skipped, not held. The first line of each name
     * decides it, as in {@link #scan}; the blank line that ends the head ends the skim. The head is
     * read to its end even once every name is decided: the connection is then closed with nothing
     * of the head left unread, which would turn the close into a reset that can lose the answer.
     */
    static final class Skim {

        private final List<String> names;
        private final List<byte[]> prefixes;
        private final Map<String, String> found = new LinkedHashMap<>();
        private final Set<String> decided = new HashSet<>();
        private final byte[] line;
        private int lineLength;
        private boolean lineTooLong;
        private boolean pastRequestLine;
        private boolean ended;

        /** @param lowerCaseNames e.g. {@code origin}, {@code x-request-id} */
        Skim(List<String> lowerCaseNames) {
            this.names = List.copyOf(lowerCaseNames);
            this.prefixes = names.stream()
                    .map(n -> (n + ":").getBytes(java.nio.charset.StandardCharsets.US_ASCII)).toList();
            int longestName = prefixes.stream().mapToInt(n -> n.length).max().orElse(0);
            this.line = new byte[longestName + MAX_LENGTH + 64]; // the name, blanks, the value, CR
        }

        /** Takes the next bytes of the head. */
        void feed(byte[] bytes, int from, int to) {
            for (int i = from; i < to && !done(); i++) {
                byte b = bytes[i];
                if (!pastRequestLine) {
                    if (b == '\n' && lineLength > 0) {
                        pastRequestLine = true; // the request line, however long, is never held
                        lineLength = 0;
                    } else if (b != '\r' && b != '\n') {
                        lineLength = 1; // blank lines before the request line are skipped, as Tomcat does
                    }
                } else if (b == '\n') {
                    endOfLine();
                } else if (lineLength < line.length) {
                    line[lineLength++] = b;
                } else {
                    lineTooLong = true;
                }
            }
        }

        private void endOfLine() {
            int last = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
            if (last == 0 && !lineTooLong) {
                ended = true;
            } else if (!lineTooLong && decided.size() < names.size()) {
                for (int n = 0; n < names.size(); n++) {
                    String name = names.get(n);
                    byte[] prefix = prefixes.get(n);
                    if (!decided.contains(name) && startsWithIgnoringCase(line, 0, last, prefix)) {
                        decided.add(name);
                        String value = value(line, prefix.length, last);
                        if (value != null) {
                            found.put(name, value);
                        }
                    }
                }
            }
            lineLength = 0;
            lineTooLong = false;
        }

        /** Whether the head ended. */
        boolean done() {
            return ended;
        }

        /** The plausible values found so far, by lower-case name. */
        Map<String, String> found() {
            return Map.copyOf(found);
        }
    }

    /** The request attribute holding {@link #path}'s answer for a head refused unparsed, for a problem's {@code instance}. */
    static final String PATH_ATTRIBUTE = RawHeadField.class.getName() + ".path";
    /** The most characters of a refused head's path kept for its problem. */
    static final int MAX_PATH = 256;

    /**
     * The path of the request line's target (from its {@code /} to the first space, {@code ?} or
     * {@code #}, at most {@link #MAX_PATH} bytes), every byte that is no plain path character
     * percent-encoded; null when the line has no such target. For the {@code instance} of a
     * problem answering a request line Tomcat could not parse.
     */
    static String path(byte[] head, int length) {
        int i = 0;
        while (i < length && (head[i] == '\r' || head[i] == '\n')) {
            i++;
        }
        while (i < length && head[i] != ' ' && head[i] != '\r' && head[i] != '\n') {
            i++; // the method
        }
        if (i + 1 >= length || head[i] != ' ' || head[i + 1] != '/') {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (int j = i + 1; j < length && j - i <= MAX_PATH; j++) {
            int b = head[j] & 0xFF;
            if (b == ' ' || b == '?' || b == '#' || b == '\r' || b == '\n') {
                break;
            }
            if (b > 0x20 && b < 0x7F && "\"<>\\^`{|}".indexOf(b) < 0) {
                path.append((char) b);
            } else {
                ProblemWriter.percentEncoded(path, b);
            }
        }
        return path.toString();
    }

    /** The index after the first line's end, or -1 when the bytes hold no complete line. */
    private static int next(byte[] head, int from, int length) {
        int end = indexOf(head, (byte) '\n', from, length);
        return end < 0 ? -1 : end + 1;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWithIgnoringCase(byte[] bytes, int from, int to, byte[] lowerCasePrefix) {
        if (to - from < lowerCasePrefix.length) {
            return false;
        }
        for (int i = 0; i < lowerCasePrefix.length; i++) {
            int b = bytes[from + i];
            if ((b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b) != lowerCasePrefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The field value without the whitespace around it; null unless it is 1 to MAX_LENGTH visible ASCII characters. */
    private static String value(byte[] bytes, int from, int to) {
        while (from < to && (bytes[from] == ' ' || bytes[from] == '\t')) {
            from++;
        }
        while (to > from && (bytes[to - 1] == ' ' || bytes[to - 1] == '\t')) {
            to--;
        }
        if (to == from || to - from > MAX_LENGTH) {
            return null;
        }
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0x21 || bytes[i] > 0x7e) {
                return null;
            }
        }
        return new String(bytes, from, to - from, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
