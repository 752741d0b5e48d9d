package com.ticketing.gateway.adapter.rest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for request paths, applied to every request before routing and authentication
 * (as Spring Security's StrictHttpFirewall would): no empty segments ({@code //}), no
 * backslashes, no path parameters ({@code ;}), no dot segments raw or encoded, no encoded
 * separators, percent signs or NUL ({@code %2F %5C %25 %00}), no control characters, only
 * strict UTF-8 percent-encoding.
 */
final class SafePaths {

    /** The characters a raw segment may hold: RFC 3986 pchar (unreserved, sub-delims, ':' '@') and '%' for escapes, but ';'. */
    private static final String SAFE_PUNCTUATION = "._~!$&'()*+,=:@%-";

    private SafePaths() {
    }

    /**
     * The decoded segments of a raw (undecoded) request path, without the leading empty segment
     * and without the empty one a trailing slash leaves; null when the path is not acceptable.
     */
    static List<String> segments(String raw) {
        if (raw == null || !raw.startsWith("/") || raw.contains("//")) {
            return null;
        }
        String[] parts = raw.substring(1).split("/", -1);
        List<String> segments = new ArrayList<>(parts.length);
        for (String part : parts) {
            if (!safeCharacters(part)) {
                return null; // also refuses ';', '\', spaces, raw controls and raw non-ASCII
            }
            String decoded = decode(part);
            if (decoded == null || decoded.equals(".") || decoded.equals("..") || decoded.indexOf('/') >= 0
                    || decoded.indexOf('\\') >= 0 || decoded.indexOf('%') >= 0 || ClientText.hasControl(decoded)) {
                return null;
            }
            segments.add(decoded);
        }
        if (segments.size() > 1 && segments.get(segments.size() - 1).isEmpty()) {
            segments.remove(segments.size() - 1); // a trailing slash names the same resource
        }
        return segments;
    }

    private static boolean safeCharacters(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || SAFE_PUNCTUATION.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** Percent-decodes one segment as strict UTF-8 ('+' stays '+'); null for a bad escape or bad UTF-8. */
    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        byte[] bytes = new byte[segment.length()];
        int n = 0;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return null;
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                bytes[n++] = (byte) c;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
