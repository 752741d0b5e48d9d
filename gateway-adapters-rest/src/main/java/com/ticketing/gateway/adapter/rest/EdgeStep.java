package com.ticketing.gateway.adapter.rest;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * One step of the edge's single pass over a request ({@link EdgeFilter}): does its part and passes
 * the request on through {@code next}, or answers it and stops. A plain servlet {@link Filter} — no
 * "already filtered" marker attribute per step, no registration of its own: the edge decides once
 * per request which steps run (those of a request, or those of the container's error dispatch).
 */
public abstract class EdgeStep implements Filter {

    /** Does this step's part of the request, then calls {@code next} unless it answered the request itself. */
    public abstract void apply(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException;

    @Override
    public final void doFilter(ServletRequest request, ServletResponse response, FilterChain next)
            throws IOException, ServletException {
        apply((HttpServletRequest) request, (HttpServletResponse) response, next);
    }
}
