package com.ticketing.gateway.adapter.rest;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The CORS answer of the gateway for exact configured origins: no wildcard, no reflection of
 * other origins. {@link #allow} marks any answer (success, problem, container error page) as
 * readable by an allowed origin; {@link #allowPreflight} adds what a preflight needs. Immutable,
 * thread-safe; written once by whichever of the filter and the error valve answers.
 *
 * @param allowCredentials {@code Access-Control-Allow-Credentials: true} on answers to allowed
 *                         origins ({@code CORS_ALLOW_CREDENTIALS}); the gateway's bearer tokens
 *                         need no cookies, so it is off by default
 * @param maxAge           how long a browser may reuse a preflight answer ({@code CORS_MAX_AGE_SECONDS})
 */
public record CorsHeaders(Set<String> allowedOrigins, boolean allowCredentials, Duration maxAge) {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
    static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, X-Request-Id, "
            + "X-Request-Timeout, If-None-Match, Last-Event-ID, traceparent, tracestate";
    static final String EXPOSED_HEADERS = "ETag, Location, Retry-After, RateLimit-Limit, RateLimit-Remaining, "
            + "RateLimit-Reset, WWW-Authenticate, X-Request-Id, X-Cache, Allow";
    private static final String ORIGIN_SYNTAX = "https?://[A-Za-z0-9.-]+(:\\d{1,5})?";

    public CorsHeaders {
        for (String origin : allowedOrigins) {
            if (origin.equals("*") || !origin.matches(ORIGIN_SYNTAX)) {
                throw new IllegalArgumentException("CORS_ALLOWED_ORIGINS takes exact origins like "
                        + "https://app.example.com, not " + origin);
            }
        }
        allowedOrigins = Set.copyOf(allowedOrigins);
        if (maxAge == null || maxAge.isNegative()) {
            throw new IllegalArgumentException("CORS_MAX_AGE_SECONDS must not be negative: " + maxAge);
        }
    }

    /** Exact origins with the defaults: no credentials, preflights cached for {@link #DEFAULT_MAX_AGE}. */
    public CorsHeaders(Set<String> allowedOrigins) {
        this(allowedOrigins, false, DEFAULT_MAX_AGE);
    }

    boolean allowed(String origin) {
        return origin != null && allowedOrigins.contains(origin);
    }

    /**
     * {@code Vary: Origin} on any answer that depends on the request's {@code Origin}
     * ({@link #varies}), and for an allowed origin the headers that let its page read the answer.
     * Idempotent.
     */
    void allow(HttpServletResponse response, String origin) {
        if (!varies(origin)) {
            return;
        }
        if (response.getHeaders("Vary").stream().noneMatch(v -> v.toLowerCase(Locale.ROOT).contains("origin"))) {
            response.addHeader("Vary", "Origin");
        }
        readable(origin, response::setHeader);
    }

    /**
     * Whether an answer depends on the request's {@code Origin}: for a request that sent one, and
     * for every request once any origin is allowed. An answer without CORS headers (to a request
     * without {@code Origin}, a navigation say) must not be reused for a page's CORS request from
     * a cache, the browser's included, nor the reverse: the Fetch standard asks for
     * {@code Vary: Origin} on those answers too.
     */
    boolean varies(String origin) {
        return origin != null || !allowedOrigins.isEmpty();
    }

    /**
     * The headers that let an allowed origin's page read an answer, set with {@code header} (name,
     * value); nothing for any other origin. {@code Vary: Origin} is the caller's.
     */
    void readable(String origin, BiConsumer<String, String> header) {
        if (allowed(origin)) {
            header.accept("Access-Control-Allow-Origin", origin);
            header.accept("Access-Control-Expose-Headers", EXPOSED_HEADERS);
            if (allowCredentials) {
                header.accept("Access-Control-Allow-Credentials", "true");
            }
        }
    }

    /** The preflight answer's headers for an allowed origin. */
    void allowPreflight(HttpServletResponse response, String origin) {
        allow(response, origin);
        response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
        response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        response.setHeader("Access-Control-Max-Age", String.valueOf(maxAge.toSeconds()));
    }
}
