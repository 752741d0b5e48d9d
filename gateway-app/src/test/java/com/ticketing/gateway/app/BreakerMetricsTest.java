package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.adapter.grpc.BreakerSettings;
import com.ticketing.gateway.adapter.grpc.CircuitBreakingBackend;
import com.ticketing.gateway.adapter.grpc.HealthProbe;
import com.ticketing.gateway.domain.model.CallContext;
import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.RequestId;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.port.Backend;
import com.ticketing.gateway.domain.port.UpstreamCall;
import com.ticketing.gateway.domain.route.Upstream;
import com.ticketing.gateway.domain.route.UpstreamOperation;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class BreakerMetricsTest {

    private static final UpstreamCall GET_EVENT = new UpstreamCall(new UpstreamOperation(Upstream.TICKET, "GetEvent"),
            new byte[0], Map.of("eventId", "evt-1"), Set.of(),
            CallContext.anonymous(new RequestId("req-1"), Duration.ofSeconds(1)));

    @Test
    void breakersArePublishedUnderResilience4jsStandardNamesPerService() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (CircuitBreakingBackend breakers = new CircuitBreakingBackend(unavailable(),
                new BreakerSettings(2, Duration.ofMinutes(1)), neverServing())) {
            BreakerMetrics.register(breakers, registry);

            for (int i = 0; i < 5; i++) {
                breakers.call(GET_EVENT);
            }

            assertThat(registry.scrape())
                    .contains("resilience4j_circuitbreaker_state{name=\"ticket-service\",state=\"open\"} 1.0")
                    .contains("resilience4j_circuitbreaker_state{name=\"ticket-service\",state=\"closed\"} 0.0")
                    .contains("resilience4j_circuitbreaker_state{name=\"auth-service\",state=\"closed\"} 1.0")
                    .contains("resilience4j_circuitbreaker_calls_seconds_count{kind=\"failed\",name=\"ticket-service\"} 2")
                    .contains("resilience4j_circuitbreaker_not_permitted_calls_total{kind=\"not_permitted\",name=\"ticket-service\"} 3.0")
                    .doesNotContain("gateway_circuit_breaker");
        }
    }

    private static Backend unavailable() {
        return new Backend() {
            @Override
            public UpstreamOutcome call(UpstreamCall call) {
                return UpstreamOutcome.Failed.of(FailureKind.UNAVAILABLE);
            }

            @Override
            public UpstreamOutcome stream(UpstreamCall call, Consumer<byte[]> onMessage) {
                return call(call);
            }
        };
    }

    private static HealthProbe neverServing() {
        return new HealthProbe() {
            @Override
            public void resetConnectBackoff(Upstream service) {
            }

            @Override
            public CompletionStage<Boolean> serving(Upstream service, Duration deadline) {
                return CompletableFuture.completedFuture(false);
            }
        };
    }
}
