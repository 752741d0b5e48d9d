package com.ticketing.gateway.domain.model;

import java.util.Objects;

/** A cached successful answer and its entity tag (a strong validator over the body). */
public record CachedResponse(byte[] json, String etag) {
    public CachedResponse {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(etag, "etag");
    }
}
