package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.memory.InMemoryRateLimiter;
import com.ticketing.gateway.adapter.redis.RedisConnection;
import com.ticketing.gateway.adapter.redis.RedisRateLimiter;
import com.ticketing.gateway.domain.policy.LimitScope;
import com.ticketing.gateway.domain.policy.RateLimit;
import com.ticketing.gateway.domain.policy.RateLimitPolicy;
import com.ticketing.gateway.domain.policy.StoreFailurePolicy;
import com.ticketing.gateway.domain.port.RateLimitObserver;
import com.ticketing.gateway.domain.port.RateLimiter;
import com.ticketing.gateway.domain.route.RouteTable;
import com.ticketing.gateway.domain.service.RateLimiting;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Rate limits: the policy from the environment, the store (Redis when configured), the observer. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    RateLimitPolicy rateLimitPolicy(GatewayProperties properties, RouteTable routes) {
        GatewayProperties.RateLimit config = properties.rateLimit();
        Set<String> closed = Set.copyOf(config.failClosed());
        Duration window = config.window();
        RateLimitPolicy policy = new RateLimitPolicy(List.of(
                limit(RateLimitPolicy.PUBLIC, config.maxRequests(), window, LimitScope.CLIENT_IP, closed),
                limit(RateLimitPolicy.USER, config.userMaxRequests(), window, LimitScope.USER, closed),
                limit("login", config.loginMaxRequests(), window, LimitScope.CLIENT_IP, closed),
                limit("register", config.registerMaxRequests(), window, LimitScope.CLIENT_IP, closed),
                limit("payment", config.paymentMaxRequests(), window, LimitScope.USER, closed)));
        policy.validate(routes);
        return policy;
    }

    private static RateLimit limit(String name, int max, Duration window, LimitScope scope, Set<String> closed) {
        return new RateLimit(name, max, window, scope,
                closed.contains(name) ? StoreFailurePolicy.FAIL_CLOSED : StoreFailurePolicy.FAIL_OPEN);
    }

    @Bean
    RateLimiter rateLimiter(ObjectProvider<RedisConnection> redis, Clock clock) {
        RedisConnection connection = redis.getIfAvailable();
        return connection == null ? new InMemoryRateLimiter(clock) : new RedisRateLimiter(connection);
    }

    @Bean
    RateLimitObserver rateLimitObserver(MeterRegistry registry) {
        return new RateLimitLog(registry);
    }

    @Bean
    RateLimiting rateLimiting(RateLimitPolicy policy, RateLimiter limiter, RateLimitObserver observer) {
        return new RateLimiting(policy, limiter, observer);
    }
}
