package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.grpc.GrpcChannels;
import com.ticketing.gateway.adapter.memory.InMemoryResponseCache;
import com.ticketing.gateway.adapter.memory.InMemorySessionStore;
import com.ticketing.gateway.adapter.memory.InMemoryStreamTickets;
import com.ticketing.gateway.adapter.redis.RedisConnection;
import com.ticketing.gateway.adapter.redis.RedisSessionStore;
import com.ticketing.gateway.adapter.redis.RedisSettings;
import com.ticketing.gateway.adapter.redis.RedisStreamTickets;
import com.ticketing.gateway.adapter.redis.RedisTurnstile;
import com.ticketing.gateway.adapter.redis.TrackedSessions;
import com.ticketing.gateway.domain.port.RateLimiter;
import com.ticketing.gateway.domain.port.ResponseCache;
import com.ticketing.gateway.domain.port.SessionStore;
import com.ticketing.gateway.domain.port.StreamTickets;
import com.ticketing.gateway.domain.port.Turnstile;
import com.ticketing.gateway.domain.service.SeparateTurnstile;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Shared state: with a Redis topology configured ({@code REDIS_URL}, {@code REDIS_SENTINEL_NODES}
 * or {@code REDIS_CLUSTER_NODES}), sessions live in Redis and every instance sharing it sees the
 * same ones; without one, in memory (one instance, local use).
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StoreConfiguration.class);

    /**
     * On the gRPC channels' event loops (see {@link GrpcChannels#eventLoops()}): a Redis answer is
     * read by a thread awake for the calls anyway. Depending on the channels, it is closed before
     * they end those loops.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("!'${gateway.redis.url:}${gateway.redis.sentinel-nodes:}${gateway.redis.sentinel-master:}"
            + "${gateway.redis.cluster-nodes:}'.isBlank()")
    RedisConnection redisConnection(GatewayProperties properties, MeterRegistry meters, GrpcChannels channels) {
        RedisSettings settings = RedisSettingsMapping.settings(properties.redis()).orElseThrow();
        LOG.info("redis: {}", settings);
        return new RedisConnection(settings, new RedisMetrics(meters), channels.eventLoops());
    }

    /**
     * The active sessions this instance remembers while Redis's tracking says they are unchanged
     * (REDIS_SESSION_TRACKING); none without Redis or with it off.
     */
    @Bean(destroyMethod = "close")
    TrackedSessions trackedSessions(ObjectProvider<RedisConnection> redis, GatewayProperties properties,
                                    MeterRegistry meters) {
        RedisConnection connection = redis.getIfAvailable();
        if (connection == null) {
            return TrackedSessions.none();
        }
        TrackedSessions tracked = properties.redis().sessionTracking()
                ? new TrackedSessions(connection, RedisSessionStore.DEFAULT_KEY_PREFIX) : TrackedSessions.none();
        Gauge.builder("gateway.redis.session.tracking", tracked, t -> t.tracking() ? 1 : 0)
                .description("1 while every Redis master tracks the sessions for this instance (sessions remembered), else 0")
                .register(meters);
        return tracked;
    }

    @Bean
    SessionStore sessionStore(ObjectProvider<RedisConnection> redis, TrackedSessions tracked, Clock clock) {
        RedisConnection connection = redis.getIfAvailable();
        if (connection == null) {
            LOG.info("no Redis is configured: sessions are kept in memory (single instance only)");
            return new InMemorySessionStore(clock);
        }
        return new RedisSessionStore(connection, RedisSessionStore.DEFAULT_KEY_PREFIX, tracked);
    }

    /**
     * The session read and limit decision of an authenticated request: one Redis script at most when
     * the sessions are in Redis (the limiter then is too; none for a remembered session whose limits
     * have leased requests left, REDIS_LIMIT_LEASE_MAX), else the two local stores one after the other.
     */
    @Bean
    Turnstile turnstile(SessionStore sessions, RateLimiter limiter, ObjectProvider<RedisConnection> redis,
                        GatewayProperties properties) {
        RedisConnection connection = redis.getIfAvailable();
        return sessions instanceof RedisSessionStore redisSessions && connection != null
                ? new RedisTurnstile(connection, redisSessions, properties.redis().limitLeaseMax())
                : new SeparateTurnstile(sessions, limiter);
    }

    /** Stream tickets live where the sessions do, so any instance opens a stream another issued a ticket for. */
    @Bean
    StreamTickets streamTickets(ObjectProvider<RedisConnection> redis, Clock clock) {
        RedisConnection connection = redis.getIfAvailable();
        return connection == null ? new InMemoryStreamTickets(clock) : new RedisStreamTickets(connection);
    }

    /** Caffeine underneath, with Micrometer's cache metrics as {@code cache_*{cache="responses"}}. */
    @Bean
    ResponseCache responseCache(Clock clock, MeterRegistry meters) {
        InMemoryResponseCache cache = new InMemoryResponseCache(clock);
        CaffeineCacheMetrics.monitor(meters, cache.caffeine(), "responses");
        return new MeteredResponseCache(cache, meters);
    }

    @Bean
    RedisStatus redisStatus(ObjectProvider<RedisConnection> redis) {
        RedisConnection connection = redis.getIfAvailable();
        return connection == null ? () -> "not_configured"
                : () -> connection.ping() ? "connected" : "disconnected";
    }
}
