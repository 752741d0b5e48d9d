package com.ticketing.gateway.adapter.rest;

/**
 * Raised while reading a request that must be refused before it reaches the domain. A refusal
 * of hostile or oversized input names a reason for the security log; ordinary invalid input
 * (a wrong type, an unknown field) has none.
 */
final class RejectedRequest extends Exception {

    private final transient Problem problem;
    private final String securityReason;

    RejectedRequest(Problem problem) {
        this(problem, null);
    }

    RejectedRequest(Problem problem, String securityReason) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.securityReason = securityReason;
    }

    Problem problem() {
        return problem;
    }

    /** The security log's reason for this refusal, or null when it is not a security event. */
    String securityReason() {
        return securityReason;
    }
}
