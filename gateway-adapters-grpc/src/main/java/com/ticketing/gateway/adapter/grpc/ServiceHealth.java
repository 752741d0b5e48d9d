package com.ticketing.gateway.adapter.grpc;

import java.util.Objects;

/**
 * What the gateway last learned of one service.
 *
 * @param serving      true when the last grpc.health.v1 check answered SERVING
 * @param connectivity the channel's state: idle, connecting, connected, transient_failure or shutdown
 */
public record ServiceHealth(boolean serving, String connectivity) {
    public ServiceHealth {
        Objects.requireNonNull(connectivity, "connectivity");
    }
}
