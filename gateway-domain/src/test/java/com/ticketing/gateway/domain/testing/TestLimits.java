package com.ticketing.gateway.domain.testing;

import com.ticketing.gateway.domain.policy.LimitScope;
import com.ticketing.gateway.domain.policy.RateLimit;
import com.ticketing.gateway.domain.policy.RateLimitPolicy;
import com.ticketing.gateway.domain.policy.StoreFailurePolicy;
import java.time.Duration;
import java.util.List;

/** The limits of the gateway's default configuration, for tests of the domain (the gateway reads them from configuration). */
public final class TestLimits {

    public static final RateLimit PUBLIC = new RateLimit(RateLimitPolicy.PUBLIC, 100, Duration.ofMinutes(1),
            LimitScope.CLIENT_IP, StoreFailurePolicy.FAIL_OPEN);
    public static final RateLimit USER = new RateLimit(RateLimitPolicy.USER, 1000, Duration.ofMinutes(1),
            LimitScope.USER, StoreFailurePolicy.FAIL_OPEN);
    public static final RateLimit LOGIN =
            new RateLimit("login", 10, Duration.ofMinutes(1), LimitScope.CLIENT_IP, StoreFailurePolicy.FAIL_CLOSED);
    public static final RateLimit REGISTER =
            new RateLimit("register", 10, Duration.ofMinutes(1), LimitScope.CLIENT_IP, StoreFailurePolicy.FAIL_CLOSED);
    public static final RateLimit PAYMENT =
            new RateLimit("payment", 30, Duration.ofMinutes(1), LimitScope.USER, StoreFailurePolicy.FAIL_CLOSED);

    private TestLimits() {
    }

    public static RateLimitPolicy policy() {
        return new RateLimitPolicy(List.of(PUBLIC, USER, LOGIN, REGISTER, PAYMENT));
    }
}
