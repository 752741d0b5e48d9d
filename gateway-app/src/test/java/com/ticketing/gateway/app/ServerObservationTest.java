package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.adapter.rest.RequestState;
import com.ticketing.gateway.domain.route.ApiRoutes;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteTable;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.TraceContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ServerObservationTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";
    private static final RouteTable ROUTES = ApiRoutes.v1(Duration.ofSeconds(5), Duration.ofSeconds(10));
    private static final Route AVAILABILITY = ROUTES.routes().stream()
            .filter(route -> route.id().equals("events.availability")).findFirst().orElseThrow();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RecordingTracer recording = new RecordingTracer();
    private final AtomicReference<TraceContext> seen = new AtomicReference<>();

    @AfterEach
    void close() {
        recording.close();
    }

    @Test
    void timesARouteOnceByItsIdTemplateAndStatus() throws Exception {
        ServerObservation observation = observation(0);

        for (int i = 0; i < 3; i++) {
            observation.apply(request("/api/v1/events/evt-1/availability"), new MockHttpServletResponse(),
                    answering(AVAILABILITY, 200));
        }
        observation.apply(request("/api/v1/events/evt-1/availability"), new MockHttpServletResponse(),
                answering(AVAILABILITY, 429));

        Timer ok = meters.get("http.server.requests").tag("route", "events.availability")
                .tag("uri", "/api/v1/events/{id}/availability").tag("method", "GET").tag("status", "200")
                .tag("outcome", "SUCCESS").tag("exception", "none").tag("error", "none").timer();
        assertThat(ok.count()).isEqualTo(3);
        assertThat(meters.get("http.server.requests").tag("status", "429").tag("outcome", "CLIENT_ERROR").timer()
                .count()).isEqualTo(1);
        assertThat(meters.find("http.server.requests").timers()).hasSize(2);
    }

    @Test
    void namesARequestNoRouteTookAsSpringDid() throws Exception {
        ServerObservation observation = observation(0);

        observation.apply(request("/api/v1/nope"), new MockHttpServletResponse(), answering(null, 404));
        MockHttpServletRequest health = request("/health/readiness");
        observation.apply(health, new MockHttpServletResponse(), (req, res) -> {
            req.setAttribute("org.springframework.web.servlet.HandlerMapping.bestMatchingPattern", "/health/readiness");
            ((MockHttpServletResponse) res).setStatus(200);
        });
        MockHttpServletRequest odd = request("/api/v1/events");
        odd.setMethod("BREW");
        observation.apply(odd, new MockHttpServletResponse(), answering(null, 405));

        assertThat(meters.get("http.server.requests").tag("route", "UNMATCHED").tag("uri", "NOT_FOUND")
                .tag("status", "404").timer().count()).isEqualTo(1);
        assertThat(meters.get("http.server.requests").tag("route", "UNMATCHED").tag("uri", "/health/readiness")
                .tag("status", "200").timer().count()).isEqualTo(1);
        assertThat(meters.get("http.server.requests").tag("method", "UNKNOWN").tag("uri", "UNKNOWN")
                .tag("status", "405").timer().count()).as("a method outside the standard ones is not a tag value")
                .isEqualTo(1);
    }

    @Test
    void countsAFailedRequestAs500WithItsExceptionAndRethrowsIt() {
        ServerObservation observation = observation(1);
        MockHttpServletResponse response = new MockHttpServletResponse();
        IllegalStateException bug = new IllegalStateException("bug");

        assertThatThrownBy(() -> observation.apply(request("/api/v1/events/evt-1/availability"), response,
                (req, res) -> {
                    RequestState.of((HttpServletRequest) req).matched(AVAILABILITY);
                    throw bug;
                })).isSameAs(bug);

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(meters.get("http.server.requests").tag("route", "events.availability").tag("status", "500")
                .tag("exception", "IllegalStateException").tag("error", "IllegalStateException")
                .tag("outcome", "SERVER_ERROR").timer().count()).isEqualTo(1);
        assertThat(recording.finished).singleElement()
                .satisfies(span -> assertThat(span.getStatus().getStatusCode().name()).isEqualTo("ERROR"));
    }

    @Test
    void continuesASampledClientTraceInAServerSpanNamedAfterTheRoute() throws Exception {
        MockHttpServletRequest request = request("/api/v1/events/evt-1/availability");
        request.addHeader("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01");

        observation(0).apply(request, new MockHttpServletResponse(), answering(AVAILABILITY, 200));

        SpanData server = recording.finished.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst()
                .orElseThrow();
        assertThat(server.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(server.getParentSpanId()).isEqualTo(CLIENT_SPAN);
        assertThat(server.getName()).isEqualTo("GET /api/v1/events/{id}/availability");
        assertThat(server.getAttributes().asMap().toString()).contains("route=events.availability")
                .contains("status=200").contains("http.url=/api/v1/events/evt-1/availability");
        assertThat(seen.get().spanId()).as("the request runs in its span").isEqualTo(server.getSpanId());
        assertThat(seen.get().sampled()).isTrue();
    }

    @Test
    void continuesAnUnsampledClientTraceWithoutAnySpanButWithItsOwnSpanId() throws Exception {
        MockHttpServletRequest request = request("/api/v1/events/evt-1/availability");
        request.addHeader("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-00");

        observation(1).apply(request, new MockHttpServletResponse(), answering(AVAILABILITY, 200));

        assertThat(recording.finished).isEmpty();
        assertThat(seen.get().traceId()).isEqualTo(TRACE_ID);
        assertThat(seen.get().spanId()).matches("[0-9a-f]{16}").isNotEqualTo(CLIENT_SPAN);
        assertThat(seen.get().sampled()).isFalse();
        assertThat(recording.tracer.currentTraceContext().context()).as("nothing left current afterwards").isNull();
    }

    @Test
    void startsANewTraceForEveryRequestWithoutOneSampledAtTheConfiguredProbability() throws Exception {
        ServerObservation never = observation(0);
        Set<String> traces = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            never.apply(request("/api/v1/events/evt-1/availability"), new MockHttpServletResponse(),
                    answering(AVAILABILITY, 200));
            assertThat(seen.get().sampled()).isFalse();
            traces.add(seen.get().traceId());
        }
        assertThat(traces).hasSize(50).allMatch(id -> id.matches("[0-9a-f]{32}"));
        assertThat(recording.finished).isEmpty();

        ServerObservation always = observation(1);
        always.apply(request("/api/v1/events/evt-1/availability"), new MockHttpServletResponse(),
                answering(AVAILABILITY, 200));
        assertThat(recording.finished).singleElement().satisfies(span -> {
            assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(span.getParentSpanId()).isEqualTo("0000000000000000");
        });

        ServerObservation half = observation(0.5);
        int sampled = 0;
        for (int i = 0; i < 2000; i++) {
            half.apply(request("/api/v1/events/evt-1/availability"), new MockHttpServletResponse(),
                    answering(AVAILABILITY, 200));
            sampled += Boolean.TRUE.equals(seen.get().sampled()) ? 1 : 0;
        }
        assertThat(sampled).isBetween(850, 1150);
    }

    @Test
    void treatsAMalformedTraceparentAsAbsent() {
        for (String header : new String[] {"00-" + TRACE_ID.toUpperCase() + "-" + CLIENT_SPAN + "-01",
                "00-00000000000000000000000000000000-" + CLIENT_SPAN + "-01",
                "00-" + TRACE_ID + "-0000000000000000-01", "ff-" + TRACE_ID + "-" + CLIENT_SPAN + "-01",
                "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01-extra", "00-" + TRACE_ID + "-" + CLIENT_SPAN,
                "00_" + TRACE_ID + "-" + CLIENT_SPAN + "-01", "0x-" + TRACE_ID + "-" + CLIENT_SPAN + "-01", ""}) {
            assertThat(ServerObservation.TraceParent.parse(header)).as(header).isNull();
        }
        assertThat(ServerObservation.TraceParent.parse("01-" + TRACE_ID + "-" + CLIENT_SPAN + "-03-later-fields"))
                .as("a later version's extra fields").isEqualTo(new ServerObservation.TraceParent(TRACE_ID, CLIENT_SPAN,
                        true));
        assertThat(ServerObservation.TraceParent.parse("00-" + TRACE_ID + "-" + CLIENT_SPAN + "-00"))
                .isEqualTo(new ServerObservation.TraceParent(TRACE_ID, CLIENT_SPAN, false));
    }

    @Test
    void refusesASamplingProbabilityOutsideZeroToOne() {
        assertThatThrownBy(() -> observation(1.5)).hasMessageContaining("TRACING_SAMPLING_PROBABILITY");
        assertThatThrownBy(() -> observation(-0.1)).hasMessageContaining("TRACING_SAMPLING_PROBABILITY");
        assertThatThrownBy(() -> observation(Double.NaN)).hasMessageContaining("TRACING_SAMPLING_PROBABILITY");
    }

    private ServerObservation observation(double sampling) {
        return new ServerObservation(ROUTES, meters, recording.tracer, sampling);
    }

    private static MockHttpServletRequest request(String path) {
        return new MockHttpServletRequest("GET", path);
    }

    /** The rest of the request: matches {@code route} (or none), notes the trace context it runs in, answers {@code status}. */
    private FilterChain answering(Route route, int status) {
        return (req, res) -> {
            if (route != null) {
                RequestState.of((HttpServletRequest) req).matched(route);
            }
            seen.set(recording.tracer.currentTraceContext().context());
            ((MockHttpServletResponse) res).setStatus(status);
        };
    }
}
