package com.ticketing.gateway.domain.service;

import com.ticketing.gateway.domain.port.StoreUnavailableException;

/**
 * The one way a store failure becomes an answer: logged with its cause (never silently
 * dropped), then refused with 503, since sessions fail closed.
 */
final class StoreFailures {

    private static final System.Logger LOG = System.getLogger(StoreFailures.class.getName());

    private StoreFailures() {
    }

    static ApiResult.StoreUnavailable report(String store, StoreUnavailableException e) {
        LOG.log(System.Logger.Level.WARNING, "the " + store + " store is unavailable; refusing with 503: "
                + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getClass().getSimpleName() + ")"));
        return new ApiResult.StoreUnavailable(store);
    }
}
