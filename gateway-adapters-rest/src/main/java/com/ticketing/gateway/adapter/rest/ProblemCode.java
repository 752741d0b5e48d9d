package com.ticketing.gateway.adapter.rest;

/** The {@code code} values of problem responses, as the REST contract lists them. */
public enum ProblemCode {
    VALIDATION_FAILED("Validation failed"),
    MALFORMED_JSON("Malformed JSON"),
    UNSUPPORTED_MEDIA_TYPE("Unsupported media type"),
    PAYLOAD_TOO_LARGE("Payload too large"),
    UNAUTHENTICATED("Unauthenticated"),
    TOKEN_EXPIRED("Token expired"),
    FORBIDDEN("Forbidden"),
    NOT_FOUND("Not found"),
    METHOD_NOT_ALLOWED("Method not allowed"),
    CONFLICT("Conflict"),
    SOLD_OUT("Sold out"),
    PAYMENT_DECLINED("Payment declined"),
    RATE_LIMITED("Too many requests"),
    SERVICE_UNAVAILABLE("Service unavailable"),
    UPSTREAM_TIMEOUT("Upstream timeout"),
    INTERNAL("Internal error");

    private final String title;

    ProblemCode(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** The problem {@code type} URI. */
    public String type() {
        return "https://ticketing.example/problems/" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
