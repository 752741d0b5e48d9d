package com.ticketing.gateway.domain.model;

/** A login session's opaque id (the tokens' {@code sid} claim). */
public record SessionId(String value) {
    public SessionId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("session id must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
