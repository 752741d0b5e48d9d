package com.ticketing.gateway.domain.port;

/** A shared store (e.g. Redis) did not answer in time or failed; the caller decides the policy. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
