package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.redis.RedisCommandObserver;
import com.ticketing.gateway.adapter.redis.RedisCommandObserver.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Redis command latency and errors as {@code gateway_redis_commands_seconds{operation,outcome}}:
 * {@code operation} is the adapter's fixed name (rate_limit, read_session, ...), {@code outcome}
 * success, error, not_replicated (a session write no replica confirmed in time, Sentinel only)
 * or not_primary (a demoted primary answered READONLY). Timers are made once per operation and
 * reused.
 */
final class RedisMetrics implements RedisCommandObserver {

    private final MeterRegistry registry;
    private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();

    RedisMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void completed(String operation, long nanos, Outcome outcome) {
        timers.computeIfAbsent(operation, this::register)[outcome.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer[] register(String operation) {
        String name = operation.toLowerCase(Locale.ROOT).replace(' ', '_');
        Outcome[] outcomes = Outcome.values();
        Timer[] byOutcome = new Timer[outcomes.length];
        for (Outcome outcome : outcomes) {
            byOutcome[outcome.ordinal()] = timer(name, outcome.label());
        }
        return byOutcome;
    }

    private Timer timer(String operation, String outcome) {
        return Timer.builder("gateway.redis.commands")
                .description("Redis commands run by the gateway, by operation and outcome")
                .tag("operation", operation).tag("outcome", outcome)
                .register(registry);
    }
}
