package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.grpc.CircuitBreakingBackend;
import com.ticketing.gateway.domain.route.Upstream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Circuit breakers in Prometheus: {@code gateway_circuit_breaker_state{service}} (0 closed,
 * 1 half-open, 2 open) and {@code gateway_circuit_breaker_transitions_total{service,state}}.
 */
final class BreakerMetrics {

    private BreakerMetrics() {
    }

    static void register(CircuitBreakingBackend breakers, MeterRegistry registry) {
        for (Upstream service : Upstream.values()) {
            Gauge.builder("gateway.circuit.breaker.state", breakers, b -> level(b.states().get(service)))
                    .description("Circuit breaker state: 0 closed, 1 half-open, 2 open")
                    .tag("service", service.healthName()).register(registry);
        }
        breakers.onTransition((service, state) -> Counter.builder("gateway.circuit.breaker.transitions")
                .description("Circuit breaker state changes").tag("service", service.healthName())
                .tag("state", state).register(registry).increment());
    }

    private static double level(String state) {
        return switch (state) {
            case "open" -> 2;
            case "half_open" -> 1;
            default -> 0;
        };
    }
}
