package com.ticketing.gateway.adapter.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CORS for exact configured origins only: no wildcard, no reflection of other origins, no
 * credentials. A preflight from an allowed origin gets 204 with the {@code Access-Control-Allow-*}
 * headers; from any other origin it gets a 403 problem without them, and a line in the security log.
 */
public final class CorsPolicy extends OncePerRequestFilter {

    static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, X-Request-Id, "
            + "X-Request-Timeout, If-None-Match";
    static final String EXPOSED_HEADERS = "X-Request-Id, Location, ETag, Retry-After, RateLimit-Limit, "
            + "RateLimit-Remaining, RateLimit-Reset";
    static final String MAX_AGE_SECONDS = "600";

    private final Set<String> allowedOrigins;
    private final ProblemWriter problems;

    public CorsPolicy(Set<String> allowedOrigins, ProblemWriter problems) {
        this.problems = problems;
        for (String origin : allowedOrigins) {
            if (origin.equals("*") || !origin.matches("https?://[A-Za-z0-9.-]+(:\\d{1,5})?")) {
                throw new IllegalArgumentException("CORS_ALLOWED_ORIGINS takes exact origins like "
                        + "https://app.example.com, not " + origin);
            }
        }
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        boolean preflight = "OPTIONS".equals(request.getMethod())
                && request.getHeader("Access-Control-Request-Method") != null && origin != null;
        boolean allowed = origin != null && allowedOrigins.contains(origin);
        if (origin != null) {
            response.addHeader("Vary", "Origin");
        }
        if (preflight) {
            if (allowed) {
                response.setHeader("Access-Control-Allow-Origin", origin);
                response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
                response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
                response.setHeader("Access-Control-Max-Age", MAX_AGE_SECONDS);
                response.setStatus(204);
            } else {
                SecurityLog.record(request, SecurityLog.Event.CORS_REJECTED, "origin_not_allowed", origin);
                problems.write(request, response, Problem.of(403, ProblemCode.FORBIDDEN,
                        "cross-origin requests from this origin are not allowed"));
            }
            return;
        }
        if (allowed) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
        chain.doFilter(request, response);
    }
}
