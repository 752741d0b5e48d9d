package com.ticketing.gateway.adapter.rest;

import java.nio.charset.StandardCharsets;

/**
 * One pass over a JSON body's bytes before any parser sees it, refusing what no request of this
 * API needs and what makes parsers slow or deep: nesting beyond {@link JsonLimits#maxDepth()},
 * number literals longer than {@link JsonLimits#maxNumberLength()}, strings longer than
 * {@link JsonLimits#maxStringLength()}, control characters in strings whether raw or escaped
 * (such as {@code &#92;u0000} or {@code &#92;n}, and C1 controls), and unpaired surrogate
 * escapes. The API's text fields are all single-line.
 *
 * <p>Grammar is not checked here; the strict parser downstream does that. O(n) time, no
 * allocation per byte: the offending top-level member is named only when refusing.
 */
final class JsonScreen {

    private static final int FIELD_NAME_CAP = 64;

    private final JsonLimits limits;

    JsonScreen(JsonLimits limits) {
        this.limits = limits;
    }

    /** Refuses the body with a 400 naming the top-level field (when there is one) and the problem. */
    void check(byte[] body) throws RejectedRequest {
        int depth = 0;
        boolean rootIsObject = false;
        boolean expectName = false;
        int nameStart = -1;
        int nameEnd = -1;
        int i = 0;
        while (i < body.length) {
            int b = body[i];
            if (b == '{' || b == '[') {
                depth++;
                if (depth == 1) {
                    rootIsObject = b == '{';
                    expectName = rootIsObject;
                }
                if (depth > limits.maxDepth()) {
                    throw refuse(body, nameStart, nameEnd,
                            "must not nest deeper than " + limits.maxDepth() + " levels");
                }
                i++;
            } else if (b == '}' || b == ']') {
                depth = Math.max(0, depth - 1);
                i++;
            } else if (b == ',') {
                expectName = depth == 1 && rootIsObject;
                i++;
            } else if (b == '"') {
                boolean name = depth == 1 && expectName;
                int end = string(body, i + 1, name, nameStart, nameEnd);
                if (name) {
                    nameStart = i + 1;
                    nameEnd = Math.max(nameStart, end - 1);
                    expectName = false;
                }
                i = end;
            } else if (b == '-' || (b >= '0' && b <= '9')) {
                int start = i;
                while (i < body.length && isNumberByte(body[i])) {
                    i++;
                }
                if (i - start > limits.maxNumberLength()) {
                    throw refuse(body, nameStart, nameEnd,
                            "must be a number of at most " + limits.maxNumberLength() + " characters");
                }
            } else {
                i++;
            }
        }
    }

    /**
     * Scans a string literal from just after its opening quote; answers the index just after the
     * closing quote (or the end of the body for an unterminated one, left to the parser).
     */
    private int string(byte[] body, int from, boolean isName, int nameStart, int nameEnd) throws RejectedRequest {
        int i = from;
        while (i < body.length) {
            if (i - from > limits.maxStringLength()) {
                throw refuse(body, isName ? from : nameStart, isName ? from + FIELD_NAME_CAP : nameEnd,
                        "must be at most " + limits.maxStringLength() + " bytes long");
            }
            int b = body[i] & 0xFF;
            if (b == '"') {
                return i + 1;
            }
            if (b < 0x20) {
                // RFC 8259 §7: a raw control character cannot be in a JSON string, so this is no JSON
                // (an escaped one is JSON, refused below by the API's rule for text fields).
                throw new RejectedRequest(ProblemMapping.malformedJson(
                        "request body is not valid JSON: a string holds an unescaped control character"),
                        "json_limits");
            }
            if (b == 0x7F || (b == 0xC2 && i + 1 < body.length && (body[i + 1] & 0xFF) >= 0x80
                    && (body[i + 1] & 0xFF) <= 0x9F)) {
                throw control(body, from, i, isName, nameStart, nameEnd);
            }
            if (b != '\\' || i + 1 >= body.length) {
                i++;
                continue;
            }
            int escaped = body[i + 1];
            if (escaped == 'b' || escaped == 'f' || escaped == 'n' || escaped == 'r' || escaped == 't') {
                throw control(body, from, i, isName, nameStart, nameEnd);
            }
            if (escaped != 'u') {
                i += 2; // \" \\ \/ (anything else is the parser's to refuse)
                continue;
            }
            int unit = hex4(body, i + 2);
            if (unit >= 0 && ClientText.isControl(unit)) {
                throw control(body, from, i, isName, nameStart, nameEnd);
            }
            if (unit >= 0xD800 && unit <= 0xDBFF) {
                int low = i + 7 < body.length && body[i + 6] == '\\' && body[i + 7] == 'u' ? hex4(body, i + 8) : -1;
                if (low < 0xDC00 || low > 0xDFFF) {
                    throw surrogate(body, from, i, isName, nameStart, nameEnd);
                }
                i += 12;
            } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                throw surrogate(body, from, i, isName, nameStart, nameEnd);
            } else {
                i += unit >= 0 ? 6 : 2;
            }
        }
        return i;
    }

    private static int hex4(byte[] body, int at) {
        if (at + 4 > body.length) {
            return -1;
        }
        int value = 0;
        for (int k = at; k < at + 4; k++) {
            int digit = Character.digit(body[k], 16);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static boolean isNumberByte(byte b) {
        return (b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E';
    }

    private static RejectedRequest control(byte[] body, int from, int at, boolean isName, int nameStart, int nameEnd) {
        return refuse(body, isName ? from : nameStart, isName ? closingQuote(body, at) : nameEnd,
                "must not contain control characters");
    }

    private static RejectedRequest surrogate(byte[] body, int from, int at, boolean isName, int nameStart,
                                             int nameEnd) {
        return refuse(body, isName ? from : nameStart, isName ? closingQuote(body, at) : nameEnd,
                "must not contain unpaired surrogate escapes");
    }

    /** Where the string holding {@code at} ends: its closing quote, or the end of the body. */
    private static int closingQuote(byte[] body, int at) {
        int i = at;
        while (i < body.length && body[i] != '"') {
            i += body[i] == '\\' ? 2 : 1;
        }
        return Math.min(i, body.length);
    }

    /** A 400 naming the member between {@code nameStart} and {@code nameEnd}, or the body when there is none. */
    private static RejectedRequest refuse(byte[] body, int nameStart, int nameEnd, String message) {
        if (nameStart < 0) {
            return new RejectedRequest(ProblemMapping.malformedJson("the body " + message), "json_limits");
        }
        int end = Math.min(Math.min(nameEnd, body.length), nameStart + FIELD_NAME_CAP);
        String field = ClientText.safe(new String(body, nameStart, Math.max(0, end - nameStart),
                StandardCharsets.UTF_8), FIELD_NAME_CAP);
        return new RejectedRequest(ProblemMapping.invalidField(field, message), "json_limits");
    }
}
