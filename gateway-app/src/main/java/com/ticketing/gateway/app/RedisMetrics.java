package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.redis.RedisCommandObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Redis command latency and errors as {@code gateway_redis_commands_seconds{operation,outcome}}:
 * {@code operation} is the adapter's fixed name (rate_limit, read_session, ...), {@code outcome}
 * success or error. Timers are made once per operation and reused.
 */
final class RedisMetrics implements RedisCommandObserver {

    private final MeterRegistry registry;
    private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();

    RedisMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void completed(String operation, long nanos, boolean failed) {
        Timer[] pair = timers.computeIfAbsent(operation, this::register);
        pair[failed ? 1 : 0].record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer[] register(String operation) {
        String name = operation.toLowerCase(Locale.ROOT).replace(' ', '_');
        return new Timer[] {timer(name, "success"), timer(name, "error")};
    }

    private Timer timer(String operation, String outcome) {
        return Timer.builder("gateway.redis.commands")
                .description("Redis commands run by the gateway, by operation and outcome")
                .tag("operation", operation).tag("outcome", outcome)
                .register(registry);
    }
}
