package com.ticketing.stub.grpc;

import java.util.Objects;

/**
 * One invalid request field, named as in the REST contract (camelCase), with a client-safe message.
 *
 * @param field   e.g. {@code email}, {@code pageSize}, {@code Idempotency-Key}
 * @param message e.g. {@code must be a valid email address}
 */
public record FieldViolation(String field, String message) {

    public FieldViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** {@code field: message}, the form used in status messages. */
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
