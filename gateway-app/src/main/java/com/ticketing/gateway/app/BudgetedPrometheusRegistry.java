package com.ticketing.gateway.app;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The registry {@code /metrics} is scraped from, leaving out the {@code *_max} gauge Micrometer
 * writes beside every timer and summary (a decaying maximum no dashboard or alert reads; the
 * histograms answer "how slow") unless named in METRICS_MAX_GAUGES, e.g.
 * {@code http_server_requests_seconds_max}. Everything else is scraped as registered.
 */
final class BudgetedPrometheusRegistry extends PrometheusRegistry {

    private final Set<String> keptMaxGauges;

    BudgetedPrometheusRegistry(Set<String> keptMaxGauges) {
        this.keptMaxGauges = Set.copyOf(keptMaxGauges);
    }

    boolean exported(String prometheusName) {
        return !prometheusName.endsWith("_max") || keptMaxGauges.contains(prometheusName);
    }

    @Override
    public MetricSnapshots scrape() {
        return super.scrape(this::exported);
    }

    @Override
    public MetricSnapshots scrape(PrometheusScrapeRequest request) {
        return super.scrape(this::exported, request);
    }

    @Override
    public MetricSnapshots scrape(Predicate<String> includedNames) {
        return super.scrape(includedNames.and(this::exported));
    }

    @Override
    public MetricSnapshots scrape(Predicate<String> includedNames, PrometheusScrapeRequest request) {
        return super.scrape(includedNames.and(this::exported), request);
    }
}
