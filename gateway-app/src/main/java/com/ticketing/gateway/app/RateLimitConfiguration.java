package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.memory.InMemoryRateLimiter;
import com.ticketing.gateway.adapter.redis.RedisConnection;
import com.ticketing.gateway.adapter.redis.RedisRateLimiter;
import com.ticketing.gateway.domain.policy.RateLimit;
import com.ticketing.gateway.domain.policy.RateLimitPolicy;
import com.ticketing.gateway.domain.policy.StoreFailurePolicy;
import com.ticketing.gateway.domain.port.RateLimitObserver;
import com.ticketing.gateway.domain.port.RateLimiter;
import com.ticketing.gateway.domain.route.RouteTable;
import com.ticketing.gateway.domain.service.RateLimiting;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Rate limits: the policy from the environment, the store (Redis when configured), the observer. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitConfiguration.class);

    /** Every configured limit, checked against the routes that name them: an unknown name refuses to start. */
    @Bean
    RateLimitPolicy rateLimitPolicy(GatewayProperties properties, RouteTable routes) {
        GatewayProperties.RateLimit config = properties.rateLimit();
        Set<String> closed = Set.copyOf(config.failClosed());
        List<RateLimit> limits = new ArrayList<>();
        config.limits().forEach((name, limit) -> {
            String variable = SettingNames.limitVariable(name);
            SettingNames.as(variable, () -> {
                RateLimit rateLimit = new RateLimit(name, limit.maxRequests(), config.window(), limit.per(),
                        closed.contains(name) ? StoreFailurePolicy.FAIL_CLOSED : StoreFailurePolicy.FAIL_OPEN);
                if (rateLimit.capacity() < limit.maxRequests()) {
                    LOG.warn("{}={} is more than one request per microsecond of the {} ms window: the limit holds at {}",
                            variable, limit.maxRequests(), config.window().toMillis(), rateLimit.capacity());
                }
                limits.add(rateLimit);
            });
        });
        RateLimitPolicy policy = new RateLimitPolicy(limits);
        policy.validate(routes);
        return policy;
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
