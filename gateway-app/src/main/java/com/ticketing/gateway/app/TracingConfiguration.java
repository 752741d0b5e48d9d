package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.grpc.TraceParents;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Tracing: Micrometer Tracing over OpenTelemetry. The edge ({@link ServerObservation}) makes a
 * span per sampled HTTP request (continuing a client's W3C {@code traceparent}) and puts the trace
 * ids of every request in the logging context; the gateway adds a span per upstream call of a
 * sampled request ({@link MeteredBackend}) and a {@code traceparent} on every call. Spans
 * are exported over OTLP only when {@value OtlpEndpoint#VARIABLE} is set; sampling is
 * {@code TRACING_SAMPLING_PROBABILITY} (application.yml).
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    @Bean
    TraceParents traceParents(Tracer tracer) {
        return new W3cTraceParents(tracer);
    }

    /**
     * The tracer records every span it is asked for (a remote parent's unsampled flag is still
     * honoured): whether a request is sampled is decided once, at the edge, with
     * {@code TRACING_SAMPLING_PROBABILITY} ({@link ServerObservation}), and an unsampled request asks
     * for no span at all.
     */
    @Bean
    Sampler otelSampler() {
        return Sampler.parentBased(Sampler.alwaysOn());
    }

    /** Turns Boot's OTLP span exporter on; without this bean there is none. */
    @Bean
    @Conditional(OtlpEndpoint.Configured.class)
    OtlpTracingConnectionDetails otlpEndpoint(Environment environment) {
        return new OtlpEndpoint(environment.getProperty(OtlpEndpoint.PROPERTY));
    }
}
