package com.ticketing.gateway.domain.model;

/** A user's opaque id, as issued by the auth service. */
public record UserId(String value) {
    public UserId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("user id must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
