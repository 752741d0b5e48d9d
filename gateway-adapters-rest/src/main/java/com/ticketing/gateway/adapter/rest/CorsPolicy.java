package com.ticketing.gateway.adapter.rest;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * CORS, decided before anything can refuse the request (load shedding, screening, routing,
 * authentication, limits): every answer to an allowed origin, problems included, carries the
 * {@link CorsHeaders}, so a page can read the problem and its headers. Runs again on the error
 * dispatch, for the container's own error pages. A preflight from an allowed origin gets 204 with
 * the {@code Access-Control-Allow-*} headers; from any other origin a 403 problem without them,
 * and a line in the security log.
 */
public final class CorsPolicy extends EdgeStep {

    private final CorsHeaders cors;
    private final ProblemWriter problems;

    public CorsPolicy(CorsHeaders cors, ProblemWriter problems) {
        this.cors = cors;
        this.problems = problems;
    }

    @Override
    public void apply(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        boolean preflight = origin != null && "OPTIONS".equals(request.getMethod())
                && request.getHeader("Access-Control-Request-Method") != null;
        if (preflight && request.getDispatcherType() == DispatcherType.REQUEST) {
            if (cors.allowed(origin)) {
                cors.allowPreflight(response, origin);
                response.setStatus(204);
            } else {
                cors.allow(response, origin);
                SecurityLog.record(request, SecurityLog.Event.CORS_REJECTED, "origin_not_allowed", origin);
                problems.write(request, response, ProblemMapping.originNotAllowed());
            }
            return;
        }
        cors.allow(response, origin);
        chain.doFilter(request, response);
    }
}
