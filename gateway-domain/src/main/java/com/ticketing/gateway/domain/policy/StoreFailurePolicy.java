package com.ticketing.gateway.domain.policy;

/** What a limit does when the shared store behind it cannot answer in time. */
public enum StoreFailurePolicy {
    /** Serve the request, count and log the failure. */
    FAIL_OPEN,
    /** Refuse the request with 503. */
    FAIL_CLOSED
}
