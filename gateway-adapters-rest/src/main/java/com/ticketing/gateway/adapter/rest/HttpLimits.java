package com.ticketing.gateway.adapter.rest;

/**
 * Limits the REST edge enforces on every request, before routing and authentication.
 *
 * @param maxBodyBytes        the largest accepted body (MAX_BODY_BYTES); larger ones get 413 unread
 * @param maxUriLength        the longest request target (path and query, as sent); longer gets 414
 * @param maxCredentialLength the longest {@code Authorization} header; longer gets 431 before any
 *                            token is parsed
 * @param json                caps on the shape of JSON bodies
 */
public record HttpLimits(int maxBodyBytes, int maxUriLength, int maxCredentialLength, JsonLimits json) {

    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_URI_LENGTH = 4096;
    public static final int DEFAULT_MAX_CREDENTIAL_LENGTH = 8192;

    public HttpLimits {
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("MAX_BODY_BYTES must be at least 1024");
        }
        if (maxUriLength < 256 || maxCredentialLength < 1024) {
            throw new IllegalArgumentException("URI and credential limits must be at least 256 and 1024");
        }
        java.util.Objects.requireNonNull(json, "json");
    }

    /** The given body limit with the default URI, credential and JSON limits. */
    public HttpLimits(int maxBodyBytes) {
        this(maxBodyBytes, DEFAULT_MAX_URI_LENGTH, DEFAULT_MAX_CREDENTIAL_LENGTH, JsonLimits.DEFAULTS);
    }
}
