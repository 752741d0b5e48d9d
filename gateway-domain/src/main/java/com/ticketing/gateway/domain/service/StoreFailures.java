package com.ticketing.gateway.domain.service;

import com.ticketing.gateway.domain.port.StoreUnavailableException;

/**
 * The one way a store failure becomes an answer: refused with 503, since sessions fail closed,
 * carrying its cause for the log line the edge writes about the request (with the request's id),
 * so that no failure is silently dropped.
 */
final class StoreFailures {

    private StoreFailures() {
    }

    static ApiResult.StoreUnavailable report(String store, StoreUnavailableException e) {
        return new ApiResult.StoreUnavailable(store,
                e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getClass().getSimpleName() + ")"));
    }
}
