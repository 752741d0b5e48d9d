package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyHistogramsTest {

    private static final List<Duration> BUCKETS = List.of(Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofMillis(500));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    LatencyHistogramsTest() {
        registry.config().meterFilter(new LatencyHistograms(BUCKETS));
    }

    private static double[] boundsMillis(Timer timer) {
        return Arrays.stream(timer.takeSnapshot().histogramCounts()).mapToDouble(b -> b.bucket(TimeUnit.MILLISECONDS))
                .toArray();
    }

    @Test
    void theRequestAndGrpcClientTimersGetExactlyTheConfiguredBuckets() {
        Timer http = Timer.builder("http.server.requests").register(registry);
        Timer grpc = Timer.builder("gateway.grpc.client.calls").publishPercentileHistogram().register(registry);
        grpc.record(20, TimeUnit.MILLISECONDS);

        assertThat(boundsMillis(http)).containsExactly(5, 50, 500);
        assertThat(boundsMillis(grpc)).containsExactly(5, 50, 500);
        assertThat(Arrays.stream(grpc.takeSnapshot().histogramCounts()).mapToDouble(CountAtBucket::count).toArray())
                .containsExactly(0, 1, 1);
    }

    @Test
    void everyOtherMeterHasNoHistogramEvenWhenItAsksForOne() {
        Timer redis = Timer.builder("gateway.redis.commands").publishPercentileHistogram().register(registry);
        DistributionSummary sizes = DistributionSummary.builder("http.server.requests").publishPercentileHistogram()
                .register(registry);

        assertThat(redis.takeSnapshot().histogramCounts()).isEmpty();
        assertThat(sizes.takeSnapshot().histogramCounts()).isEmpty();
    }

    @Test
    void percentilesOnlyWhereAskedFor() {
        Timer plain = Timer.builder("http.server.requests").register(registry);
        Timer asked = Timer.builder("gateway.redis.commands").publishPercentiles(0.99).register(registry);

        assertThat(plain.takeSnapshot().percentileValues()).isEmpty();
        assertThat(asked.takeSnapshot().percentileValues()).hasSize(1);
    }

    @Test
    void bucketsThatAreNotPositiveAndIncreasingAreRefusedNamingTheVariable() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LatencyHistograms(
                        List.of(Duration.ofMillis(50), Duration.ofMillis(10))))
                .withMessageContaining("METRICS_LATENCY_BUCKETS_MS must be positive and increasing");
        assertThatIllegalArgumentException().isThrownBy(() -> new LatencyHistograms(List.of(Duration.ZERO)))
                .withMessageContaining("METRICS_LATENCY_BUCKETS_MS");
        assertThatIllegalArgumentException().isThrownBy(() -> new LatencyHistograms(List.of()))
                .withMessageContaining("METRICS_LATENCY_BUCKETS_MS must list at least one bucket");
    }
}
