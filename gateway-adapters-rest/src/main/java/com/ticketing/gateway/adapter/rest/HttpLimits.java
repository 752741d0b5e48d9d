package com.ticketing.gateway.adapter.rest;

/**
 * Limits the REST edge enforces on every request.
 *
 * @param maxBodyBytes the largest accepted body (MAX_BODY_BYTES); larger ones get 413 unread
 */
public record HttpLimits(int maxBodyBytes) {

    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    public HttpLimits {
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("MAX_BODY_BYTES must be at least 1024");
        }
    }
}
