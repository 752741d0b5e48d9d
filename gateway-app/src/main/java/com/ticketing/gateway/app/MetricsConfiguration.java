package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.grpc.GrpcHealthMonitor;
import com.ticketing.gateway.domain.route.Upstream;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The metrics budget (histograms only on the HTTP and gRPC client timers, fixed buckets; no
 * {@code *_max} gauges unless asked for) and the
 * service-health gauge the "no healthy instance" alert reads.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    MeterFilter latencyHistograms(GatewayProperties properties) {
        return new LatencyHistograms(properties.metrics().latencyBuckets());
    }

    /** Replaces Boot's plain registry: {@code *_max} gauges only where METRICS_MAX_GAUGES asks for them. */
    @Bean
    PrometheusRegistry prometheusRegistry(GatewayProperties properties) {
        return new BudgetedPrometheusRegistry(Set.copyOf(properties.metrics().maxGauges()));
    }

    /**
     * {@code gateway_grpc_service_serving{service}}: 1 while the service's last {@code grpc.health.v1}
     * check through its channel answered SERVING (the channel only balances over healthy instances,
     * so 0 means no instance takes calls), else 0. Read from the monitor's snapshot, never a call.
     */
    @Bean
    MeterBinder serviceServingGauges(GrpcHealthMonitor monitor) {
        return registry -> {
            for (Upstream service : Upstream.values()) {
                Gauge.builder("gateway.grpc.service.serving", monitor, m -> m.snapshot().get(service).serving() ? 1 : 0)
                        .description("1 while the service answers SERVING to grpc.health.v1 through its channel, else 0")
                        .tag("service", service.healthName()).register(registry);
            }
        };
    }
}
