package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.rest.RequestState;
import com.ticketing.gateway.adapter.rest.EdgeStep;
import com.ticketing.gateway.adapter.rest.TrustedProxies;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteKind;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One access-log line per request (method, path without the query string — it may carry
 * secrets —, route id, user id when authenticated, status, latency, the client address as
 * {@link TrustedProxies} resolves it (behind a trusted proxy, the forwarded client); the request
 * and trace ids come from the logging context), and a WARN line for requests slower than the
 * configured threshold (but for a booking status stream, whose time is the client's). Route and user are also set in the logging context for the line, so the
 * structured (JSON) formats carry them as fields of their own.
 */
final class AccessLog extends EdgeStep {

    static final String ROUTE_KEY = "route";
    static final String USER_KEY = "userId";
    /** Set by the request-id filter, which runs around this one. */
    private static final String REQUEST_ID_KEY = "requestId";
    private static final Logger ACCESS = LoggerFactory.getLogger("access");
    private final long slowNanos;
    private final TrustedProxies proxies;

    AccessLog(Duration slowThreshold, TrustedProxies proxies) {
        this.slowNanos = slowThreshold.toNanos();
        this.proxies = proxies;
    }

    @Override
    public void apply(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        // What the line needs of the request, taken before the pass: the container may end (and
        // recycle) a request whose client went away while its pass still runs.
        RequestState state = RequestState.of(request);
        String method = request.getMethod();
        String path = request.getRequestURI();
        String client = proxies.clientAddress(request);
        try {
            chain.doFilter(request, response);
        } finally {
            long nanos = System.nanoTime() - start;
            // A booking status stream lasts as long as the client watches: its time says nothing of the gateway.
            boolean slow = nanos > slowNanos && !isStream(state.route());
            if (slow || ACCESS.isInfoEnabled()) {
                log(method, path, state, state.status(response), nanos, slow, client);
            }
        }
    }

    private static boolean isStream(Route route) {
        return route != null && route.kind() == RouteKind.STREAM;
    }

    private static void log(String method, String uri, RequestState state, int status, long nanos, boolean slow,
                            String client) {
        String path = uri.length() > 200 ? uri.substring(0, 200) : uri;
        Route matched = state.route();
        String route = matched != null ? matched.id() : "-";
        String served = state.user();
        String user = served != null ? served : "-";
        String millis = Millis.tenths(nanos);
        MDC.put(ROUTE_KEY, route);
        MDC.put(USER_KEY, user);
        try {
            String requestId = MDC.get(REQUEST_ID_KEY);
            // The line written out at once rather than through SLF4J's "{}" formatting: one builder
            // of the line's length instead of a builder that grows, an argument array and a boxed status.
            StringBuilder line = new StringBuilder(96 + method.length() + path.length() + route.length()
                    + user.length() + client.length() + (requestId == null ? 4 : requestId.length()));
            if (slow) {
                line.append("slow request ");
            }
            line.append(method).append(' ').append(path).append(" route=").append(route).append(" user=").append(user)
                    .append(" status=").append(status).append(" latencyMs=").append(millis)
                    .append(" client=").append(client).append(" requestId=").append(requestId);
            if (slow) {
                ACCESS.warn(line.toString());
            } else {
                ACCESS.info(line.toString());
            }
        } finally {
            MDC.remove(ROUTE_KEY);
            MDC.remove(USER_KEY);
        }
    }
}
