package com.ticketing.gateway.app;

import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Where spans are exported: {@code OTEL_EXPORTER_OTLP_ENDPOINT} (setting {@value #PROPERTY}), the
 * collector's base URL as the OpenTelemetry specification defines it (e.g.
 * {@code http://otel-collector:4318}); spans go to its {@code /v1/traces} over OTLP/HTTP. Unset or
 * blank: no exporter at all (spans still give log lines and upstream calls their trace ids).
 */
final class OtlpEndpoint implements OtlpTracingConnectionDetails {

    static final String VARIABLE = "OTEL_EXPORTER_OTLP_ENDPOINT";
    static final String PROPERTY = "gateway.tracing.otlp-endpoint";
    private static final String TRACES_PATH = "/v1/traces";

    private final String tracesUrl;

    OtlpEndpoint(String baseUrl) {
        String base = baseUrl.strip();
        if (!base.startsWith("http://") && !base.startsWith("https://")) {
            throw new IllegalArgumentException(VARIABLE + " must be an http:// or https:// URL, got '" + base + "'");
        }
        this.tracesUrl = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + TRACES_PATH;
    }

    @Override
    public String getUrl(Transport transport) {
        if (transport != Transport.HTTP) {
            throw new IllegalStateException(VARIABLE + " is exported over OTLP/HTTP only");
        }
        return tracesUrl;
    }

    /** True when {@value #PROPERTY} names an endpoint. */
    static final class Configured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String value = context.getEnvironment().getProperty(PROPERTY);
            return value != null && !value.isBlank();
        }
    }
}
