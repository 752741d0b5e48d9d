package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.grpc.CircuitBreakingBackend;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Circuit breakers in Prometheus under resilience4j's standard names, tagged {@code name} with the
 * service ({@code ticket-service}, …), so published resilience4j dashboards work:
 * {@code resilience4j_circuitbreaker_state{name,state}} (1 for the current state),
 * {@code resilience4j_circuitbreaker_calls_seconds{name,kind}} (successful, failed, ignored),
 * {@code resilience4j_circuitbreaker_not_permitted_calls_total{name}} (refused while open),
 * {@code resilience4j_circuitbreaker_failure_rate}, {@code _buffered_calls}, {@code _slow_calls}, ….
 */
final class BreakerMetrics {

    private BreakerMetrics() {
    }

    static void register(CircuitBreakingBackend breakers, MeterRegistry registry) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers.registry()).bindTo(registry);
    }
}
