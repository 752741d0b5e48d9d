package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.rest.RequestState;
import com.ticketing.gateway.adapter.rest.EdgeStep;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteTable;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The outermost step of the edge: times every request into {@code http.server.requests} and puts it
 * in a trace, in one pass and with no per-request observation objects.
 *
 * <p><b>Metrics.</b> One timer per request, tagged {@code route} (the API route's id, or
 * {@code UNMATCHED}), {@code uri} (the route's path template; for the operational endpoints Spring
 * MVC's matched pattern; else {@code NOT_FOUND}, {@code REDIRECTION} or {@code UNKNOWN}),
 * {@code method}, {@code status}, {@code outcome}, {@code exception} and {@code error} — the names
 * and values Spring's HTTP server observation used, so dashboards and rules are unchanged. Every
 * tag value comes from the route table or a fixed set, never from the request; the timers of each
 * route are resolved once per status and reused.
 *
 * <p><b>Traces.</b> A client's W3C {@code traceparent} is continued (its trace id and sampled flag);
 * a request without one starts a trace, sampled with probability {@code sampling}
 * ({@code TRACING_SAMPLING_PROBABILITY}). A sampled request gets a SERVER span (and its upstream
 * calls CLIENT spans, {@link MeteredBackend}); an unsampled one gets no span object at all, only its
 * trace context — trace id and a span id of its own — made current, so that its log lines carry the
 * ids and its upstream calls send {@code traceparent} with the sampled flag off. The decision is
 * taken here, once per request: the tracer's own sampler records every span it is asked for
 * ({@link TracingConfiguration}).
 */
final class ServerObservation extends EdgeStep {

    static final String TRACEPARENT = "traceparent";
    static final String UNMATCHED = "UNMATCHED";
    private static final String NONE = "none";
    /** Spring MVC's request attribute with the pattern that matched an operational endpoint. */
    private static final String MVC_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "TRACE");
    private static final HexFormat HEX = HexFormat.of();

    private final MeterRegistry registry;
    private final Tracer tracer;
    private final double sampling;
    private final Map<Route, RouteTimers> routes = new IdentityHashMap<>();
    private final Map<String, Timer> others = new ConcurrentHashMap<>();

    /** @param sampling the probability that a request arriving without a trace starts a sampled one, 0 to 1 */
    ServerObservation(RouteTable table, MeterRegistry registry, Tracer tracer, double sampling) {
        if (!(sampling >= 0 && sampling <= 1)) {
            throw new IllegalArgumentException("TRACING_SAMPLING_PROBABILITY must be between 0 and 1, got " + sampling);
        }
        this.registry = registry;
        this.tracer = tracer;
        this.sampling = sampling;
        for (Route route : table.routes()) {
            routes.put(route, new RouteTimers(route));
        }
    }

    @Override
    public void apply(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        long start = System.nanoTime();
        // Taken before the pass: the container may end (and recycle) a request whose client went
        // away while its pass still runs; the timer and span are still recorded, from these.
        RequestState state = RequestState.of(request);
        String method = request.getMethod();
        String path = request.getRequestURI();
        Span span = null;
        Tracer.SpanInScope spanScope = null;
        CurrentTraceContext.Scope contextScope = null;
        TraceParent parent = TraceParent.parse(request.getHeader(TRACEPARENT));
        if (parent != null ? parent.sampled() : sampling > 0 && ThreadLocalRandom.current().nextDouble() < sampling) {
            Span.Builder builder = tracer.spanBuilder().kind(Span.Kind.SERVER);
            if (parent != null) {
                builder.setParent(tracer.traceContextBuilder().traceId(parent.traceId()).spanId(parent.spanId())
                        .sampled(true).build());
            }
            span = builder.start();
            spanScope = tracer.withSpan(span);
        } else {
            TraceContext context = tracer.traceContextBuilder()
                    .traceId(parent != null ? parent.traceId() : newTraceId()).spanId(newSpanId())
                    .sampled(false).build();
            contextScope = tracer.currentTraceContext().newScope(context);
        }
        Throwable error = null;
        try {
            next.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            if (!state.endedByContainer()) { // else the pass failed only because its client went away
                error = e instanceof ServletException servlet && servlet.getRootCause() != null
                        ? servlet.getRootCause() : e;
                response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            }
            throw e;
        } finally {
            long nanos = System.nanoTime() - start;
            Route route = state.route();
            String exception = error == null ? NONE : simpleName(error);
            int status = state.status(response);
            Timer timer = route != null && error == null ? routes.get(route).timer(status, registry)
                    : timer(request, state, method, route, status, exception);
            timer.record(nanos, TimeUnit.NANOSECONDS);
            if (span != null) {
                finish(span, request, state, method, path, route, status, exception, error);
                spanScope.close();
            } else {
                contextScope.close();
            }
        }
    }

    private Timer timer(HttpServletRequest request, RequestState state, String requestMethod, Route route,
                        int status, String exception) {
        String method = route != null ? route.method().name() : method(requestMethod);
        String uri = route != null ? route.path().toString() : uri(request, state, status);
        String routeId = route != null ? route.id() : UNMATCHED;
        String key = routeId + ' ' + method + ' ' + uri + ' ' + status + ' ' + exception;
        Timer timer = others.get(key);
        return timer != null ? timer
                : others.computeIfAbsent(key, k -> timer(registry, routeId, method, uri, status, exception));
    }

    private void finish(Span span, HttpServletRequest request, RequestState state, String requestMethod,
                        String path, Route route, int status, String exception, Throwable error) {
        String method = route != null ? route.method().name() : method(requestMethod);
        String uri = route != null ? route.path().toString() : uri(request, state, status);
        span.name(method + " " + uri)
                .tag("route", route != null ? route.id() : UNMATCHED).tag("method", method).tag("uri", uri)
                .tag("status", Integer.toString(status)).tag("outcome", outcome(status)).tag("exception", exception)
                .tag("http.url", path);
        if (error != null) {
            span.error(error);
        }
        span.end();
    }

    static Timer timer(MeterRegistry registry, String route, String method, String uri, int status, String exception) {
        return Timer.builder("http.server.requests").description("HTTP server requests, by API route")
                .tag("route", route).tag("uri", uri).tag("method", method).tag("status", Integer.toString(status))
                .tag("outcome", outcome(status)).tag("exception", exception).tag("error", exception)
                .register(registry);
    }

    private static String method(String method) {
        return METHODS.contains(method) ? method : "UNKNOWN";
    }

    /** Spring's {@code uri} tag for a request no API route took. */
    private static String uri(HttpServletRequest request, RequestState state, int status) {
        if (!state.endedByContainer() && request.getAttribute(MVC_PATTERN) instanceof String pattern) {
            return pattern.isEmpty() ? "root" : pattern;
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        return status == 404 ? "NOT_FOUND" : "UNKNOWN";
    }

    static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }

    private static String simpleName(Throwable error) {
        String name = error.getClass().getSimpleName();
        return name.isEmpty() ? error.getClass().getName() : name;
    }

    private static String newTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong();
        long low = random.nextLong();
        if (high == 0 && low == 0) {
            low = 1;
        }
        return HEX.toHexDigits(high) + HEX.toHexDigits(low);
    }

    private static String newSpanId() {
        long id = ThreadLocalRandom.current().nextLong();
        return HEX.toHexDigits(id == 0 ? 1 : id);
    }

    /** The timers of one API route, one per status seen, registered on first use. */
    private static final class RouteTimers {
        private final Route route;
        private final AtomicReferenceArray<Timer> byStatus = new AtomicReferenceArray<>(600);

        RouteTimers(Route route) {
            this.route = route;
        }

        Timer timer(int status, MeterRegistry registry) {
            int slot = status >= 100 && status < 600 ? status : 0;
            Timer timer = byStatus.get(slot);
            if (timer == null) {
                timer = ServerObservation.timer(registry, route.id(), route.method().name(), route.path().toString(),
                        status, NONE);
                byStatus.set(slot, timer);
            }
            return timer;
        }
    }

    /**
     * A W3C {@code traceparent} as a client sent it
     * ({@code <version>-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}); version {@code ff}, ids of
     * zeros, upper-case hex or a wrong shape make it absent (a new trace), as the specification says.
     */
    record TraceParent(String traceId, String spanId, boolean sampled) {

        static TraceParent parse(String header) {
            if (header == null || header.length() < 55 || (header.length() > 55 && header.charAt(55) != '-')
                    || header.charAt(2) != '-' || header.charAt(35) != '-' || header.charAt(52) != '-') {
                return null;
            }
            String version = header.substring(0, 2);
            if (!hex(header, 0, 2) || version.equals("ff") || (version.equals("00") && header.length() != 55)
                    || !hex(header, 3, 35) || !hex(header, 36, 52) || !hex(header, 53, 55)) {
                return null;
            }
            String traceId = header.substring(3, 35);
            String spanId = header.substring(36, 52);
            if (zeros(traceId) || zeros(spanId)) {
                return null;
            }
            return new TraceParent(traceId, spanId, (HEX.fromHexDigits(header, 53, 55) & 1) == 1);
        }

        private static boolean hex(String s, int from, int to) {
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                    return false;
                }
            }
            return true;
        }

        private static boolean zeros(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) != '0') {
                    return false;
                }
            }
            return true;
        }
    }
}
