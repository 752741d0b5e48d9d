package com.ticketing.gateway.adapter.redis;

/**
 * Told of every Redis command the adapters run: which operation (one of a few fixed names such as
 * {@code "rate limit"} or {@code "read session"}), how long it took, and whether it failed (timeout,
 * connection lost, Redis error). Called on the requesting thread; must be cheap and never throw.
 */
@FunctionalInterface
public interface RedisCommandObserver {

    /** Observes nothing. */
    RedisCommandObserver NONE = (operation, nanos, failed) -> { };

    void completed(String operation, long nanos, boolean failed);
}
