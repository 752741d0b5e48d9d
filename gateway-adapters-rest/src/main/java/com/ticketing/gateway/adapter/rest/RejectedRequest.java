package com.ticketing.gateway.adapter.rest;

/** Raised while reading a request that must be refused before it reaches the domain. */
final class RejectedRequest extends Exception {

    private final transient Problem problem;

    RejectedRequest(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }
}
