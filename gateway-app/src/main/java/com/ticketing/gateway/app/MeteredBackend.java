package com.ticketing.gateway.app;

import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.port.Backend;
import com.ticketing.gateway.domain.port.UpstreamCall;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Times every upstream call as the domain sees it (after retries and the breaker):
 * {@code gateway_grpc_client_calls_seconds{service,method,status}} with a latency histogram.
 * Timers are created once per (operation, status) and reused.
 */
final class MeteredBackend implements Backend {

    private record Key(String service, String method, String status) {
    }

    private final Backend delegate;
    private final MeterRegistry registry;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    MeteredBackend(Backend delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public UpstreamOutcome call(UpstreamCall call) {
        long start = System.nanoTime();
        UpstreamOutcome outcome = delegate.call(call);
        record(call, outcome, System.nanoTime() - start);
        return outcome;
    }

    @Override
    public UpstreamOutcome stream(UpstreamCall call, Consumer<byte[]> onMessage) {
        long start = System.nanoTime();
        UpstreamOutcome outcome = delegate.stream(call, onMessage);
        record(call, outcome, System.nanoTime() - start);
        return outcome;
    }

    private void record(UpstreamCall call, UpstreamOutcome outcome, long nanos) {
        String status = switch (outcome) {
            case UpstreamOutcome.Ok ok -> "OK";
            case UpstreamOutcome.Failed failed -> failed.kind().name();
            case UpstreamOutcome.Unmappable u -> "UNMAPPABLE";
        };
        Key key = new Key(call.operation().service().healthName(), call.operation().method(), status);
        timers.computeIfAbsent(key, k -> Timer.builder("gateway.grpc.client.calls")
                        .description("Upstream gRPC calls by service, method and status")
                        .tag("service", k.service()).tag("method", k.method()).tag("status", k.status())
                        .publishPercentileHistogram().register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
