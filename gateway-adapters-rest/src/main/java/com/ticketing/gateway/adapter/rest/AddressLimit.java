package com.ticketing.gateway.adapter.rest;

import com.ticketing.gateway.domain.service.RateLimiting;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The public limit of the client address, for a public resource the gateway answers itself
 * outside the route table ({@code /api/v1/openapi.json}): REST.md lists it among the public
 * routes, 100 requests per minute per client IP by default, in the same bucket as the others.
 */
public final class AddressLimit {

    private final RateLimiting limiting;
    private final TrustedProxies proxies;
    private final ProblemWriter problems;

    public AddressLimit(RateLimiting limiting, TrustedProxies proxies, ProblemWriter problems) {
        this.limiting = limiting;
        this.proxies = proxies;
        this.problems = problems;
    }

    /**
     * Charges the request to its client address's public limit and writes the limit's
     * {@code RateLimit-*} headers; when the limit (or a fail-closed store) refuses it, also writes
     * the problem (429 with {@code Retry-After}, or 503) and answers false: the caller serves nothing.
     */
    public boolean admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        RateLimiting.Check check = limiting.checkAnonymous(proxies.limitSubject(proxies.clientAddress(request)));
        check.state().ifPresent(state -> RateLimitHeaders.write(response, state));
        if (check instanceof RateLimiting.Check.Stop stop) {
            problems.write(request, response, ProblemMapping.toProblem(stop.result(), false));
            return false;
        }
        return true;
    }
}
