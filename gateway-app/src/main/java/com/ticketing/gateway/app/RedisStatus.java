package com.ticketing.gateway.app;

/** Redis as {@code /health/detailed} reports it: connected, disconnected or not_configured. */
@FunctionalInterface
interface RedisStatus {
    String current();
}
