package com.ticketing.gateway.adapter.rest;

import java.nio.charset.StandardCharsets;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.buf.CharChunk;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * A response's header fields, set as strings through the servlet API, turned into the bytes
 * Tomcat would write for them, in buffers the fields keep from one request to the next. Tomcat
 * encodes each string name and value when it writes the head with a charset encoder of its own
 * ({@code MessageBytes.toBytes}: an encoder, a char and a byte buffer and an array per field,
 * 16% of the gateway's allocation per request), then replaces control characters but the tab
 * with spaces. This writes the same bytes: ISO-8859-1, controls (0x00-0x1F but 0x09, and 0x7F) as
 * spaces. A field with a character beyond ISO-8859-1 is left as it is, for Tomcat to refuse as
 * it does.
 * <p>
 * The other way, a request's fields parsed as bytes become the strings Tomcat would make of them
 * when they are first read ({@code MessageBytes.toStringType}: ISO-8859-1 through a
 * {@code Charset.decode}, which sets up a decoder per thread, i.e. per request on virtual threads,
 * and decodes into a char buffer that the string then copies), each with one copy of its bytes.
 * Not thread-safe: for the thread that serves the request.
 */
final class HeadFieldBytes {

    private HeadFieldBytes() {
    }

    /** Every string name and value of {@code headers} as bytes (other fields untouched). */
    static void encode(MimeHeaders headers) {
        for (int i = 0, n = headers.size(); i < n; i++) {
            encode(headers.getName(i));
            encode(headers.getValue(i));
        }
    }

    /**
     * Every name and value of a request's {@code headers} (as Tomcat parsed them: bytes) as the
     * string Tomcat makes of it on first read, but {@code Cookie} values, which Tomcat's cookie
     * parser reads as bytes. Called once the connector has read what it needs of the head (host,
     * length, connection, expectation), before the container serves the request.
     */
    static void decode(MimeHeaders headers) {
        for (int i = 0, n = headers.size(); i < n; i++) {
            MessageBytes name = headers.getName(i);
            decode(name);
            if (!name.equalsIgnoreCase("cookie")) {
                decode(headers.getValue(i));
            }
        }
    }

    /** {@code field} as its string if it holds ISO-8859-1 bytes (what Tomcat decodes them as); else untouched. */
    static void decode(MessageBytes field) {
        if (field.getType() != MessageBytes.T_BYTES) {
            return;
        }
        ByteChunk chunk = field.getByteChunk();
        if (chunk.getCharset() != StandardCharsets.ISO_8859_1) {
            return;
        }
        field.setString(new String(chunk.getBuffer(), chunk.getStart(), chunk.getLength(), StandardCharsets.ISO_8859_1));
    }

    /**
     * {@code field} as bytes if it holds a string of ISO-8859-1 characters; else untouched. The
     * characters are copied in bulk into the field's own char buffer (unused while it holds a
     * string) and read from there: one pass over an array instead of a {@code charAt} per character.
     */
    static void encode(MessageBytes field) {
        if (field.getType() != MessageBytes.T_STR) {
            return;
        }
        String text = field.getString();
        int length = text.length();
        CharChunk scratch = field.getCharChunk();
        scratch.allocate(length, -1); // the field's own buffer when it is long enough
        char[] chars = scratch.getBuffer();
        text.getChars(0, length, chars, 0);
        ByteChunk chunk = field.getByteChunk();
        chunk.allocate(length, -1);
        byte[] bytes = chunk.getBuffer();
        for (int i = 0; i < length; i++) {
            char c = chars[i];
            if (c > 0xFF) {
                return; // still a string field: Tomcat encodes (and refuses) it, its bytes unused
            }
            bytes[i] = (c < 0x20 && c != '\t') || c == 0x7F ? (byte) ' ' : (byte) c;
        }
        field.setBytes(bytes, 0, length);
    }
}
