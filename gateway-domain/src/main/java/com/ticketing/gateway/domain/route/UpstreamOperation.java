package com.ticketing.gateway.domain.route;

import java.util.Objects;

/** One RPC of one upstream service, named as in its contract (e.g. TICKET / GetEvents). */
public record UpstreamOperation(Upstream service, String method) {
    public UpstreamOperation {
        Objects.requireNonNull(service, "service");
        if (method == null || !method.matches("[A-Z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("method must be an RPC name, got " + method);
        }
    }

    @Override
    public String toString() {
        return service.healthName() + "/" + method;
    }
}
