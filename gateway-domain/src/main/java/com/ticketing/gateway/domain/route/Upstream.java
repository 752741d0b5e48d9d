package com.ticketing.gateway.domain.route;

/**
 * The platform's upstream services. {@link #healthName()} is the name used in
 * {@code /health/detailed}, logs and metrics.
 */
public enum Upstream {
    AUTH("auth-service"),
    TICKET("ticket-service"),
    BOOKING("booking-service"),
    PAYMENT("payment-service"),
    BOOKING_WORKER("booking-worker");

    private final String healthName;

    Upstream(String healthName) {
        this.healthName = healthName;
    }

    public String healthName() {
        return healthName;
    }
}
