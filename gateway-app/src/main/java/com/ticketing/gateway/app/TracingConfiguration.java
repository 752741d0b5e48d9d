package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.grpc.TraceParents;
import io.micrometer.tracing.Tracer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Tracing: Boot's Micrometer Tracing over OpenTelemetry makes a span per HTTP request (continuing
 * a client's W3C {@code traceparent}) and puts its ids in the logging context; the gateway adds a
 * span per upstream call ({@link MeteredBackend}) and its {@code traceparent} on the call. Spans
 * are exported over OTLP only when {@value OtlpEndpoint#VARIABLE} is set; sampling is
 * {@code TRACING_SAMPLING_PROBABILITY} (application.yml).
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    @Bean
    TraceParents traceParents(Tracer tracer) {
        return new W3cTraceParents(tracer);
    }

    /** Turns Boot's OTLP span exporter on; without this bean there is none. */
    @Bean
    @Conditional(OtlpEndpoint.Configured.class)
    OtlpTracingConnectionDetails otlpEndpoint(Environment environment) {
        return new OtlpEndpoint(environment.getProperty(OtlpEndpoint.PROPERTY));
    }
}
