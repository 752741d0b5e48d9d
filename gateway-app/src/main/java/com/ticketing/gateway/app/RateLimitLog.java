package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.rest.RequestIds;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.port.RateLimitObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Counts every rate-limit decision ({@code gateway_rate_limit_decisions_total} by limit and
 * outcome) and writes rejections and store failures to the security log with the subject
 * (client IP or user id) and the request id from the logging context (the plain console line shows
 * only the trace, so each line names the request id itself).
 */
final class RateLimitLog implements RateLimitObserver {

    private static final Logger SECURITY = LoggerFactory.getLogger("security");
    private final MeterRegistry registry;
    private final Map<String, Map<String, Counter>> counters = new ConcurrentHashMap<>();

    RateLimitLog(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void decided(RateLimitDecision decision) {
        String limit = decision.reported().key().limit().name();
        String outcome = switch (decision) {
            case RateLimitDecision.Allowed a -> "allowed";
            case RateLimitDecision.Rejected r -> {
                SECURITY.warn("rate limit rejected: limit={} subject={} retryAfterMs={} requestId={}", limit,
                        r.reported().key().subject(), r.retryAfter().toMillis(), requestId());
                yield "rejected";
            }
            case RateLimitDecision.StoreFailedOpen o -> {
                SECURITY.warn("rate limit store unavailable: limit={} served unlimited (fail open) requestId={}", limit,
                        requestId());
                yield "store_failure_open";
            }
            case RateLimitDecision.StoreFailedClosed c -> {
                SECURITY.warn("rate limit store unavailable: limit={} refused (fail closed) requestId={}", limit,
                        requestId());
                yield "store_failure_closed";
            }
        };
        // Looked up by the limit's and the outcome's own (constant) names: no key is built per decision.
        counters.computeIfAbsent(limit, l -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, o -> Counter.builder("gateway.rate.limit.decisions")
                        .description("Rate-limit decisions by limit and outcome")
                        .tag("limit", limit).tag("outcome", outcome).register(registry)).increment();
    }

    /** The request's id, which the edge put in the logging context; "-" outside a request. */
    private static String requestId() {
        String id = MDC.get(RequestIds.MDC_KEY);
        return id == null ? "-" : id;
    }
}
