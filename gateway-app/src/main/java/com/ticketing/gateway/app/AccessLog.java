package com.ticketing.gateway.app;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One access-log line per request (method, path without the query string — it may carry
 * secrets —, status, latency, client address; the request id comes from the logging context),
 * and a WARN line for requests slower than the configured threshold.
 */
final class AccessLog extends OncePerRequestFilter {

    private static final Logger ACCESS = LoggerFactory.getLogger("access");
    private final long slowNanos;

    AccessLog(Duration slowThreshold) {
        this.slowNanos = slowThreshold.toNanos();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            long nanos = System.nanoTime() - start;
            String path = request.getRequestURI();
            if (path.length() > 200) {
                path = path.substring(0, 200);
            }
            double millis = nanos / 1_000_000.0;
            if (nanos > slowNanos) {
                ACCESS.warn("slow request {} {} status={} latencyMs={} client={}", request.getMethod(), path,
                        response.getStatus(), String.format("%.1f", millis), request.getRemoteAddr());
            } else if (ACCESS.isInfoEnabled()) {
                ACCESS.info("{} {} status={} latencyMs={} client={}", request.getMethod(), path, response.getStatus(),
                        String.format("%.1f", millis), request.getRemoteAddr());
            }
        }
    }
}
