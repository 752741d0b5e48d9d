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
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
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

    /** The domain's Backend: safe retries outside, each attempt through the breaker. */
    @Bean
    @Primary
    Backend backend(CircuitBreakingBackend circuitBreakers, OperationRegistry registry, MeterRegistry meters,
                    Tracer tracer) {
        return new MeteredBackend(new RetryingBackend(circuitBreakers, registry, RetrySettings.DEFAULTS), meters,
                tracer);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    GrpcHealthMonitor grpcHealthMonitor(GrpcChannels channels, GatewayProperties properties) {
        Duration interval = properties.grpc().healthCheckInterval();
        Duration timeout = interval.dividedBy(2).compareTo(GrpcHealthMonitor.DEFAULT_CHECK_TIMEOUT) < 0
                ? interval.dividedBy(2) : GrpcHealthMonitor.DEFAULT_CHECK_TIMEOUT;
        return new GrpcHealthMonitor(channels, interval, timeout);
    }
}
