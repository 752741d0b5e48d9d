package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.grpc.BreakerSettings;
import com.ticketing.gateway.adapter.grpc.CircuitBreakingBackend;
import com.ticketing.gateway.adapter.grpc.GrpcBackend;
import com.ticketing.gateway.adapter.grpc.GrpcChannels;
import com.ticketing.gateway.adapter.grpc.GrpcClientSettings;
import com.ticketing.gateway.adapter.grpc.GrpcHealthProbe;
import com.ticketing.gateway.adapter.grpc.GrpcHealthMonitor;
import com.ticketing.gateway.adapter.grpc.GrpcTls;
import com.ticketing.gateway.adapter.grpc.JsonTranscoder;
import com.ticketing.gateway.adapter.grpc.OperationRegistry;
import com.ticketing.gateway.adapter.grpc.RetryingBackend;
import com.ticketing.gateway.adapter.grpc.RetrySettings;
import com.ticketing.gateway.adapter.grpc.TraceParents;
import com.ticketing.gateway.domain.port.Backend;
import com.ticketing.gateway.domain.route.RouteTable;
import com.ticketing.gateway.domain.route.Upstream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** The gRPC side: one channel per service, the operation registry checked against the route table. */
@Configuration(proxyBeanMethods = false)
class GrpcConfiguration {

    @Bean(destroyMethod = "close")
    GrpcChannels grpcChannels(GatewayProperties properties) {
        GatewayProperties.Grpc grpc = properties.grpc();
        GrpcClientSettings.Builder settings = GrpcClientSettings.builder()
                .keepAliveTime(grpc.keepaliveTime())
                .keepAliveTimeout(grpc.keepaliveTimeout())
                .maxInboundMessageBytes(grpc.maxReceiveMessageLength())
                .maxOutboundMessageBytes(grpc.maxSendMessageLength());
        if (grpc.eventLoopThreads() != 0) {
            SettingNames.as("GRPC_EVENT_LOOP_THREADS", () -> settings.eventLoopThreads(grpc.eventLoopThreads()));
        }
        for (Upstream service : Upstream.values()) {
            GatewayProperties.Grpc.Service configured = grpc.service(service);
            String name = service.healthName();
            SettingNames.as(SettingNames.serviceVariable(name, "URL"), () -> settings.target(service, configured.url()));
            SettingNames.as(SettingNames.serviceVariable(name, "LB"),
                    () -> settings.loadBalancing(service, configured.lb()));
            SettingNames.as(SettingNames.serviceVariable(name, "COMPRESSION"),
                    () -> settings.compression(service, configured.compression()));
        }
        GatewayProperties.Grpc.Tls tls = grpc.tls();
        if (tls != null && tls.enabled()) {
            settings.tls(GrpcTls.of(tls.caCert(), tls.clientCert(), tls.clientKey(), tls.authority()));
        }
        return new GrpcChannels(settings.build());
    }

    /** Every route's operation and field bindings are checked here: a typo refuses to start. */
    @Bean
    OperationRegistry operationRegistry(RouteTable routes) {
        OperationRegistry registry = OperationRegistry.platformServices();
        registry.validate(routes);
        return registry;
    }

    /**
     * One breaker per service around the gRPC calls, tried by health checks over the same channels;
     * the app reads their states for health.
     */
    @Bean(destroyMethod = "close")
    CircuitBreakingBackend circuitBreakers(GrpcChannels channels, OperationRegistry registry,
                                           GatewayProperties properties, MeterRegistry meters,
                                           TraceParents traceParents) {
        CircuitBreakingBackend breakers = new CircuitBreakingBackend(
                new GrpcBackend(channels, registry, new JsonTranscoder(), traceParents),
                breakerSettings(properties), new GrpcHealthProbe(channels));
        BreakerMetrics.register(breakers, meters);
        return breakers;
    }

    /** CIRCUIT_BREAKER_THRESHOLD (1 to 1000) and CIRCUIT_BREAKER_TIMEOUT; out of range refuses to start naming them. */
    static BreakerSettings breakerSettings(GatewayProperties properties) {
        GatewayProperties.CircuitBreaker breaker = properties.circuitBreaker();
        return SettingNames.made("CIRCUIT_BREAKER_THRESHOLD / CIRCUIT_BREAKER_TIMEOUT",
                () -> new BreakerSettings(breaker.threshold(), breaker.timeout()));
    }

    /**
     * The domain's Backend: safe retries outside, each attempt through the breaker. Retries are counted
     * in {@code gateway_grpc_client_retries_total{service,outcome}}: {@code retried} for each retry
     * made, {@code budget_spent} for each one the service's retry budget refused.
     */
    @Bean
    @Primary
    Backend backend(CircuitBreakingBackend circuitBreakers, OperationRegistry registry, MeterRegistry meters,
                    Tracer tracer) {
        Map<Upstream, Counter> retried = new EnumMap<>(Upstream.class);
        Map<Upstream, Counter> spent = new EnumMap<>(Upstream.class);
        for (Upstream service : Upstream.values()) {
            retried.put(service, retries(meters, service, "retried"));
            spent.put(service, retries(meters, service, "budget_spent"));
        }
        RetryingBackend.Events events = new RetryingBackend.Events() {
            @Override
            public void retried(Upstream service) {
                retried.get(service).increment();
            }

            @Override
            public void budgetSpent(Upstream service) {
                spent.get(service).increment();
            }
        };
        return new MeteredBackend(new RetryingBackend(circuitBreakers, registry, RetrySettings.DEFAULTS, events),
                meters, tracer);
    }

    private static Counter retries(MeterRegistry meters, Upstream service, String outcome) {
        return Counter.builder("gateway.grpc.client.retries").tag("service", service.healthName())
                .tag("outcome", outcome)
                .description("Retries of failed upstream calls: made (retried), or refused by the service's "
                        + "retry budget (budget_spent)")
                .register(meters);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    GrpcHealthMonitor grpcHealthMonitor(GrpcChannels channels, GatewayProperties properties) {
        Duration interval = properties.grpc().healthCheckInterval();
        Duration timeout = interval.dividedBy(2).compareTo(GrpcHealthMonitor.DEFAULT_CHECK_TIMEOUT) < 0
                ? interval.dividedBy(2) : GrpcHealthMonitor.DEFAULT_CHECK_TIMEOUT;
        return new GrpcHealthMonitor(channels, interval, timeout);
    }
}
