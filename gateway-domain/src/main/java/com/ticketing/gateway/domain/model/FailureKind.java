package com.ticketing.gateway.domain.model;

/**
 * Why an upstream operation did not succeed, in the canonical error vocabulary shared by gRPC
 * and Google's API design guide. {@link #infrastructure()} tells failures of the call itself
 * (which circuit breakers count) from the service's business answers (which they never count).
 */
public enum FailureKind {
    CANCELLED(false),
    UNKNOWN(true),
    INVALID_ARGUMENT(false),
    DEADLINE_EXCEEDED(true),
    NOT_FOUND(false),
    ALREADY_EXISTS(false),
    PERMISSION_DENIED(false),
    UNAUTHENTICATED(false),
    RESOURCE_EXHAUSTED(false),
    FAILED_PRECONDITION(false),
    ABORTED(false),
    OUT_OF_RANGE(false),
    UNIMPLEMENTED(false),
    INTERNAL(true),
    UNAVAILABLE(true),
    DATA_LOSS(false);

    private final boolean infrastructure;

    FailureKind(boolean infrastructure) {
        this.infrastructure = infrastructure;
    }

    /** True for failures of the call or the service's health, false for business answers. */
    public boolean infrastructure() {
        return infrastructure;
    }
}
