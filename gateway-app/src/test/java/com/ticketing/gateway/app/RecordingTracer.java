package com.ticketing.gateway.app;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real OpenTelemetry SDK tracer behind Micrometer Tracing, with the gateway's sampler, keeping
 * every span it finishes.
 */
final class RecordingTracer implements AutoCloseable {

    final List<SpanData> finished = new CopyOnWriteArrayList<>();
    final Tracer tracer;
    private final SdkTracerProvider provider;

    RecordingTracer() {
        provider = SdkTracerProvider.builder()
                .setSampler(new TracingConfiguration().otelSampler())
                .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                    @Override
                    public CompletableResultCode export(Collection<SpanData> spans) {
                        finished.addAll(spans);
                        return CompletableResultCode.ofSuccess();
                    }

                    @Override
                    public CompletableResultCode flush() {
                        return CompletableResultCode.ofSuccess();
                    }

                    @Override
                    public CompletableResultCode shutdown() {
                        return CompletableResultCode.ofSuccess();
                    }
                })).build();
        tracer = new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), event -> { });
    }

    @Override
    public void close() {
        provider.close();
    }
}
