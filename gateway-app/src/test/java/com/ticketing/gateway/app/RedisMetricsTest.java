package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.adapter.redis.RedisCommandObserver.Outcome;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RedisMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RedisMetrics metrics = new RedisMetrics(registry);

    @Test
    void recordsLatencyByOperationAndOutcome() {
        metrics.completed("rate limit", 2_000_000, Outcome.SUCCESS);
        metrics.completed("rate limit", 4_000_000, Outcome.SUCCESS);
        metrics.completed("rate limit", 500_000_000, Outcome.ERROR);
        metrics.completed("read session", 1_000_000, Outcome.SUCCESS);

        Timer ok = timer("rate_limit", "success");
        assertThat(ok.count()).isEqualTo(2);
        assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6.0);
        Timer failed = timer("rate_limit", "error");
        assertThat(failed.count()).isEqualTo(1);
        assertThat(failed.max(TimeUnit.MILLISECONDS)).isEqualTo(500.0);
        assertThat(timer("read_session", "success").count()).isEqualTo(1);
        assertThat(timer("read_session", "error").count()).isZero();
    }

    @Test
    void countsUnconfirmedWritesAndDemotedPrimariesApartFromOtherErrors() {
        metrics.completed("revoke session", 250_000_000, Outcome.NOT_REPLICATED);
        metrics.completed("revoke session", 1_000_000, Outcome.NOT_PRIMARY);
        metrics.completed("revoke session", 1_000_000, Outcome.NOT_PRIMARY);

        assertThat(timer("revoke_session", "not_replicated").count()).isEqualTo(1);
        assertThat(timer("revoke_session", "not_primary").count()).isEqualTo(2);
        assertThat(timer("revoke_session", "error").count()).isZero();
        assertThat(timer("revoke_session", "success").count()).isZero();
    }

    private Timer timer(String operation, String outcome) {
        return registry.get("gateway.redis.commands").tag("operation", operation).tag("outcome", outcome).timer();
    }
}
