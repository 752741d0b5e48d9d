package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BudgetedPrometheusRegistryTest {

    private static String scrape(Set<String> keptMaxGauges) {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
                new BudgetedPrometheusRegistry(keptMaxGauges), Clock.SYSTEM);
        Timer.builder("http.server.requests").register(meters).record(Duration.ofMillis(3));
        Timer.builder("gateway.redis.commands").register(meters).record(Duration.ofMillis(1));
        return meters.scrape();
    }

    @Test
    void leavesOutEveryMaxGaugeByDefaultAndKeepsCountsAndSums() {
        String scraped = scrape(Set.of());

        assertThat(scraped).contains("http_server_requests_seconds_count", "http_server_requests_seconds_sum",
                "gateway_redis_commands_seconds_count").doesNotContain("_max");
    }

    @Test
    void exportsOnlyTheMaxGaugesAskedFor() {
        String scraped = scrape(Set.of("http_server_requests_seconds_max"));

        assertThat(scraped).contains("http_server_requests_seconds_max").doesNotContain("gateway_redis_commands_seconds_max");
    }
}
