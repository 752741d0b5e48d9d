package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.route.Upstream;

/**
 * How a service's calls are spread over its instances. Either way only instances that are
 * connected and answer SERVING to grpc.health.v1 checks take calls, and instance weights
 * ({@code host:port;weight=N}) set their shares.
 */
public enum LoadBalancing {

    /** Each call goes to the next instance in a (weighted) rotation. The default. */
    ROUND_ROBIN("round_robin"),

    /**
     * Calls of one user (by the {@code x-user-id} the call carries) go to the same instance while
     * it serves, chosen by consistent hashing; when it stops serving only its users move, and they
     * move back when it serves again. Calls without a user go round robin.
     */
    STICKY_USER("sticky");

    private final String configName;

    LoadBalancing(String configName) {
        this.configName = configName;
    }

    /** The word that selects this policy in configuration, e.g. {@code GRPC_BOOKING_SERVICE_LB=sticky}. */
    public String configName() {
        return configName;
    }

    /**
     * Reads a policy as configured: {@code round_robin} or {@code sticky} (any case); empty or
     * null is {@link #ROUND_ROBIN}.
     *
     * @throws IllegalArgumentException naming the service for anything else
     */
    public static LoadBalancing parse(Upstream service, String text) {
        return EnumSetting.parse(service, text, ROUND_ROBIN, LoadBalancing::configName, "load balancing");
    }
}
