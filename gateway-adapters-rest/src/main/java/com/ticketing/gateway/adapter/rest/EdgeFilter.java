package com.ticketing.gateway.adapter.rest;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * The one servlet filter of the gateway: every request passes the edge's {@link EdgeStep}s in one
 * pass, in a fixed order (observation, request id, access log, security headers, CORS, load
 * shedding, screening), then the servlet. The container's error dispatch, which reports on a
 * request already seen, passes only the steps that must mark its answer too (request id, CORS).
 *
 * <p>One registered filter instead of one per concern: the container's filter chain, and the
 * "already filtered" request attribute each {@code OncePerRequestFilter} sets and removes, are
 * paid once per request instead of once per concern.
 */
public final class EdgeFilter implements Filter {

    private final EdgeStep[] steps;
    private final EdgeStep[] errorSteps;

    /**
     * @param steps      every request's steps, outermost first
     * @param errorSteps the steps of an error dispatch, outermost first
     */
    public EdgeFilter(List<? extends EdgeStep> steps, List<? extends EdgeStep> errorSteps) {
        this.steps = steps.toArray(EdgeStep[]::new);
        this.errorSteps = errorSteps.toArray(EdgeStep[]::new);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain servlet)
            throws IOException, ServletException {
        EdgeStep[] run = request.getDispatcherType() == DispatcherType.ERROR ? errorSteps : steps;
        new Pass(run, servlet).doFilter(request, response);
    }

    /** One request's way through the steps; each step's {@code next}. */
    private static final class Pass implements FilterChain {
        private final EdgeStep[] steps;
        private final FilterChain servlet;
        private int next;

        Pass(EdgeStep[] steps, FilterChain servlet) {
            this.steps = steps;
            this.servlet = servlet;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
            if (next < steps.length) {
                steps[next++].doFilter(request, response, this);
            } else {
                servlet.doFilter(request, response);
            }
        }
    }
}
