package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class TracingConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(TracingConfiguration.class)
            .withBean(Tracer.class, () -> Tracer.NOOP);

    @Test
    void exportsNothingWhenNoEndpointIsConfigured() {
        runner.run(context -> assertThat(context).doesNotHaveBean(OtlpTracingConnectionDetails.class));
        runner.withPropertyValues(OtlpEndpoint.PROPERTY + "= ")
                .run(context -> assertThat(context).doesNotHaveBean(OtlpTracingConnectionDetails.class));
    }

    @Test
    void exportsToTheTracesPathOfTheConfiguredCollector() {
        runner.withPropertyValues(OtlpEndpoint.PROPERTY + "=http://otel-collector:4318/")
                .run(context -> assertThat(context.getBean(OtlpTracingConnectionDetails.class).getUrl(Transport.HTTP))
                        .isEqualTo("http://otel-collector:4318/v1/traces"));
    }

    @Test
    void refusesToStartWithAnEndpointThatIsNotAnHttpUrlNamingTheVariable() {
        runner.withPropertyValues(OtlpEndpoint.PROPERTY + "=otel-collector:4317")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("OTEL_EXPORTER_OTLP_ENDPOINT"));
    }
}
