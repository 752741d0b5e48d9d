package com.ticketing.gateway.domain.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Entity tags: a quoted digest of the body, equal exactly when the bodies are equal. Weak
 * ({@code W/"…"}) because the same body may be sent gzip-compressed or not, and a strong tag would
 * have to differ between the two (RFC 9110 §8.8.1); servers (Tomcat among them) do not compress a
 * response with a strong tag. {@code If-None-Match} compares weakly anyway.
 */
final class EntityTag {

    private EntityTag() {
    }

    static String of(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "W/\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
