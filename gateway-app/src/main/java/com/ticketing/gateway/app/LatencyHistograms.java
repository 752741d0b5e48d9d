package com.ticketing.gateway.app;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The metrics budget's histogram rule: latency histograms on exactly two timers — the HTTP request
 * timer and the gRPC client timer — with fixed service-level buckets (METRICS_LATENCY_BUCKETS_MS),
 * the same on every series, so {@code histogram_quantile} gives p50/p99 per route and per service.
 * No meter gets a percentile histogram (Micrometer's ~70 buckets per series), whatever a library
 * asks for; client-side percentiles only where the code or {@code management.metrics.distribution.*}
 * asks for them (nothing does by default). Other timers keep count, sum and max.
 */
final class LatencyHistograms implements MeterFilter {

    static final Set<String> HISTOGRAM_TIMERS = Set.of("http.server.requests", "gateway.grpc.client.calls");

    private final double[] bucketNanos;

    LatencyHistograms(List<Duration> buckets) {
        if (buckets == null || buckets.isEmpty()) {
            throw new IllegalArgumentException("METRICS_LATENCY_BUCKETS_MS must list at least one bucket");
        }
        bucketNanos = new double[buckets.size()];
        for (int i = 0; i < buckets.size(); i++) {
            Duration bucket = buckets.get(i);
            if (bucket == null || !bucket.isPositive() || (i > 0 && bucket.compareTo(buckets.get(i - 1)) <= 0)) {
                throw new IllegalArgumentException("METRICS_LATENCY_BUCKETS_MS must be positive and increasing, got "
                        + buckets);
            }
            bucketNanos[i] = bucket.toNanos();
        }
    }

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        DistributionStatisticConfig.Builder budget = DistributionStatisticConfig.builder().percentilesHistogram(false);
        if (HISTOGRAM_TIMERS.contains(id.getName()) && id.getType() == Meter.Type.TIMER) {
            budget.serviceLevelObjectives(bucketNanos);
        }
        return budget.build().merge(config);
    }
}
