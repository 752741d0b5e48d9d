package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RedisMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RedisMetrics metrics = new RedisMetrics(registry);

    @Test
    void recordsLatencyByOperationAndOutcome() {
        metrics.completed("rate limit", 2_000_000, false);
        metrics.completed("rate limit", 4_000_000, false);
        metrics.completed("rate limit", 500_000_000, true);
        metrics.completed("read session", 1_000_000, false);

        Timer ok = timer("rate_limit", "success");
        assertThat(ok.count()).isEqualTo(2);
        assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6.0);
        Timer failed = timer("rate_limit", "error");
        assertThat(failed.count()).isEqualTo(1);
        assertThat(failed.max(TimeUnit.MILLISECONDS)).isEqualTo(500.0);
        assertThat(timer("read_session", "success").count()).isEqualTo(1);
        assertThat(timer("read_session", "error").count()).isZero();
    }

    private Timer timer(String operation, String outcome) {
        return registry.get("gateway.redis.commands").tag("operation", operation).tag("outcome", outcome).timer();
    }
}
