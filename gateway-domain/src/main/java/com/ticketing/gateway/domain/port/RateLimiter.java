package com.ticketing.gateway.domain.port;

import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import java.util.List;

/**
 * Decides, atomically for all of a request's limits, whether it may pass (GCRA semantics, see
 * {@link com.ticketing.gateway.domain.policy.Gcra}); instances that share a store share the
 * limits. Thread-safe. Throws {@link StoreUnavailableException} when the store cannot answer in
 * time; the caller applies each limit's failure policy.
 */
public interface RateLimiter {

    /**
     * @param keys at least one; all are charged when all allow, none otherwise
     * @return {@code Allowed} or {@code Rejected}
     */
    RateLimitDecision acquire(List<LimitKey> keys);
}
