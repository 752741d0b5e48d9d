package com.ticketing.gateway.adapter.rest;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one servlet filter of the gateway: every request passes the edge's {@link EdgeStep}s in one
 * pass, in a fixed order (observation, request id, access log, security headers, CORS, load
 * shedding, screening), then the servlet. The container's error dispatch, which reports on a
 * request already seen, passes only the steps that must mark its answer too (request id, CORS).
 *
 * <p>One registered filter instead of one per concern: the container's filter chain, and the
 * "already filtered" request attribute each {@code OncePerRequestFilter} sets and removes, are
 * paid once per request instead of once per concern.
 *
 * <p>The requests of a {@link Detached} servlet (the API's) leave the container's thread at once:
 * the request is put in asynchronous mode and the whole pass, steps and servlet, runs on a thread
 * of its own, which completes the request when the pass ends. A call that blocks on it (a service,
 * Redis) then parks a virtual thread a few frames deep instead of one under the container's
 * whole stack, which the JDK copies out and back on every park; the container's thread ends
 * instead of waiting. Graceful shutdown still waits for such requests (they are in-progress
 * asynchronous requests to the container).
 *
 * <p>The container may end such a request while its pass still runs: when the client goes away
 * (a browser closing a booking's stream) it reports an error to the request's listener, answers
 * what it can and recycles the request. The listener ({@link Ending}) notes in the request's
 * {@link RequestState} what had been answered by then, so that the pass, whose every later touch
 * of the request or response fails, still ends quietly with its one access line and timer.
 */
public final class EdgeFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeFilter.class);

    private final EdgeStep[] steps;
    private final EdgeStep[] errorSteps;
    private final Detached detached;
    /** The detached servlet as the end of a pass; null without one. */
    private final FilterChain detachedServlet;

    /**
     * Every request passes on the container's thread.
     *
     * @param steps      every request's steps, outermost first
     * @param errorSteps the steps of an error dispatch, outermost first
     */
    public EdgeFilter(List<? extends EdgeStep> steps, List<? extends EdgeStep> errorSteps) {
        this(steps, errorSteps, null);
    }

    /**
     * @param steps      every request's steps, outermost first
     * @param errorSteps the steps of an error dispatch, outermost first
     * @param detached   the servlet whose requests pass on a thread of their own, or null for none
     */
    public EdgeFilter(List<? extends EdgeStep> steps, List<? extends EdgeStep> errorSteps, Detached detached) {
        this.steps = steps.toArray(EdgeStep[]::new);
        this.errorSteps = errorSteps.toArray(EdgeStep[]::new);
        this.detached = detached;
        this.detachedServlet = detached == null ? null : detached.servlet()::service;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain servlet)
            throws IOException, ServletException {
        DispatcherType dispatch = request.getDispatcherType();
        if (dispatch == DispatcherType.ERROR) {
            new Pass(errorSteps, servlet).doFilter(request, response);
        } else if (detached != null && dispatch == DispatcherType.REQUEST
                && detached.servletPath().equals(((HttpServletRequest) request).getServletPath())) {
            HttpServletRequest http = (HttpServletRequest) request;
            RequestState state = RequestState.of(http);
            String method = http.getMethod();
            String uri = http.getRequestURI();
            AsyncContext async = request.startAsync();
            async.setTimeout(0); // the pass bounds itself: deadlines of the request and its calls
            async.addListener(new Ending(state));
            detached.threads().newThread(() -> passDetached(async, request, response, state, method, uri)).start();
        } else {
            new Pass(steps, servlet).doFilter(request, response);
        }
    }

    private void passDetached(AsyncContext async, ServletRequest request, ServletResponse response,
                              RequestState state, String method, String uri) {
        try {
            new Pass(steps, detachedServlet).doFilter(request, response);
        } catch (IOException gone) {
            // The client went away or stopped reading: there is nobody left to answer.
        } catch (RuntimeException | ServletException | Error failure) {
            if (state.endedByContainer()) {
                // The client went away and the container ended the request under the pass, whose
                // next touch of it failed: nobody is left to answer, and nothing went wrong here.
                LOG.debug("{} {} ended by the container while served: {}", method, uri, failure.toString());
            } else {
                // What the container's error page does for a request on its own thread: log, answer 500.
                LOG.error("{} {} failed", method, uri, failure);
                detached.internalError((HttpServletRequest) request, (HttpServletResponse) response);
            }
        } finally {
            complete(async);
        }
    }

    private static void complete(AsyncContext async) {
        try {
            async.complete();
        } catch (IllegalStateException ended) {
            // The container ended the request already (its connection failed while the pass wrote).
        }
    }

    /** Notes in the request's state that the container ended the request (it reports why as an error). */
    private record Ending(RequestState state) implements AsyncListener {

        @Override
        public void onError(AsyncEvent event) {
            state.endedByContainer((HttpServletResponse) event.getSuppliedResponse());
        }

        @Override
        public void onComplete(AsyncEvent event) {
            // the pass completed the request, or the container did after an error
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // never: the request has no asynchronous timeout
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // the request is put in asynchronous mode once
        }
    }

    /**
     * A servlet whose requests pass the edge on a thread of their own ({@code threads}, meant to
     * make virtual threads). The servlet must be registered as supporting asynchronous requests,
     * at {@code servletPath} (e.g. {@code /api} for {@code /api/*}).
     *
     * @param problems writes the 500 answer of a pass that failed with an exception (a bug)
     */
    public record Detached(String servletPath, Servlet servlet, ThreadFactory threads, ProblemWriter problems) {

        public Detached {
            Objects.requireNonNull(servletPath, "servletPath");
            Objects.requireNonNull(servlet, "servlet");
            Objects.requireNonNull(threads, "threads");
            Objects.requireNonNull(problems, "problems");
        }

        void internalError(HttpServletRequest request, HttpServletResponse response) {
            try {
                problems.write(request, response, ErrorPages.forStatus(500));
            } catch (IOException | RuntimeException gone) {
                // the answer cannot be written any more; completing the request ends it
            }
        }
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
