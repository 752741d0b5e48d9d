package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class InFlightLimitTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final AtomicInteger shed = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(InFlightLimit.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    private InFlightLimit limit(int max) {
        return new InFlightLimit(max, new ProblemWriter(JSON), shed::incrementAndGet, nanos::get);
    }

    private static MockHttpServletRequest request(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setServletPath(path);
        return request;
    }

    /**
     * Runs {@code paths} as nested requests, each still in flight while the next arrives; returns
     * each one's response, outermost first.
     */
    private static List<MockHttpServletResponse> nested(InFlightLimit filter, String... paths) throws Exception {
        List<MockHttpServletResponse> responses = new ArrayList<>();
        for (int i = 0; i < paths.length; i++) {
            responses.add(new MockHttpServletResponse());
        }
        run(filter, paths, responses, 0);
        return responses;
    }

    private static void run(InFlightLimit filter, String[] paths, List<MockHttpServletResponse> responses, int i)
            throws ServletException, IOException {
        FilterChain chain = (req, res) -> {
            ((MockHttpServletResponse) res).setStatus(200);
            if (i + 1 < paths.length) {
                run(filter, paths, responses, i + 1);
            }
        };
        filter.doFilter(request(paths[i]), responses.get(i), chain);
    }

    @Test
    void servesExactlyTheLimitAtOnceAndShedsTheNextWith503ProblemAndRetryAfter() throws Exception {
        List<MockHttpServletResponse> answers = nested(limit(3), "/api/v1/a", "/api/v1/b", "/api/v1/c", "/api/v1/d");

        assertThat(answers.subList(0, 3)).allSatisfy(a -> assertThat(a.getStatus()).isEqualTo(200));
        MockHttpServletResponse refused = answers.get(3);
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getContentType()).isEqualTo(ProblemWriter.MEDIA_TYPE);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        JsonNode problem = JSON.readTree(refused.getContentAsByteArray());
        assertThat(problem.get("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/d");
        assertThat(problem.get("requestId").asString()).isNotBlank();
        assertThat(shed).hasValue(1);
    }

    @Test
    void releasesEveryPermitWhenRequestsEndEvenByAnException() throws Exception {
        InFlightLimit filter = limit(2);
        assertThatThrownBy(() -> filter.doFilter(request("/api/v1/a"), new MockHttpServletResponse(), (req, res) -> {
            throw new IllegalStateException("handler failed");
        })).isInstanceOf(IllegalStateException.class);
        nested(filter, "/api/v1/a", "/api/v1/b");

        assertThat(filter.inFlight()).isZero();
        assertThat(nested(filter, "/api/v1/a", "/api/v1/b")).allSatisfy(a -> assertThat(a.getStatus()).isEqualTo(200));
        assertThat(shed).hasValue(0);
    }

    @Test
    void countsRequestsInFlight() throws Exception {
        InFlightLimit filter = limit(5);
        AtomicInteger seen = new AtomicInteger();

        filter.doFilter(request("/api/v1/a"), new MockHttpServletResponse(), (req, res) -> seen.set(filter.inFlight()));

        assertThat(seen).hasValue(1);
        assertThat(filter.inFlight()).isZero();
    }

    @ParameterizedTest(name = "{0} exempt: {1}")
    @CsvSource({
            "/health, true",
            "/health/liveness, true",
            "/health/readiness, true",
            "/health/detailed, true",
            "/metrics, true",
            "/healthz, false",
            "/metrics/x, false",
            "/api/v1/events, false"})
    void probesAndMetricsPassWhileTheLimitIsFull(String path, boolean exempt) throws Exception {
        List<MockHttpServletResponse> answers = nested(limit(1), "/api/v1/held", path);

        assertThat(answers.get(1).getStatus()).isEqualTo(exempt ? 200 : 503);
    }

    @Test
    void exemptionGoesByTheNormalisedServletPathNotTheRawUri() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/health/../api/v1/events");
        request.setServletPath("/api/v1/events");

        assertThat(InFlightLimit.exempt(request)).isFalse();
    }

    @Test
    void logsSheddingAtMostOncePerSecondWithTheCountSinceTheLastLine() throws Exception {
        InFlightLimit filter = limit(1);
        nested(filter, "/a", "/b");
        nested(filter, "/a", "/b");
        nested(filter, "/a", "/b");
        assertThat(log.list).hasSize(1);
        assertThat(log.list.get(0).getFormattedMessage()).startsWith("load shedding: 1 request(s) answered 503");

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        nested(filter, "/a", "/b");
        assertThat(log.list).hasSize(1);

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        nested(filter, "/a", "/b");
        assertThat(log.list).hasSize(2);
        assertThat(log.list.get(1).getFormattedMessage()).startsWith("load shedding: 4 request(s) answered 503");
        assertThat(shed).hasValue(5);
    }

    @Test
    void oneClientAddressGetsItsShareAndNoMoreWhileOthersAreServedAndItsSlotsComeBack() throws Exception {
        InFlightLimit filter = new InFlightLimit(10, 2, req -> req.getRemoteAddr(), new ProblemWriter(JSON),
                shed::incrementAndGet, nanos::get);
        List<Integer> statuses = new ArrayList<>();
        FilterChain inner = (req, res) -> ((MockHttpServletResponse) res).setStatus(200);
        // the client's two requests are in flight while its third, and another client's, arrive
        FilterChain second = (req, res) -> {
            ((MockHttpServletResponse) res).setStatus(200);
            MockHttpServletResponse third = new MockHttpServletResponse();
            filter.doFilter(from("10.0.0.1"), third, inner);
            statuses.add(third.getStatus());
            MockHttpServletResponse other = new MockHttpServletResponse();
            filter.doFilter(from("10.0.0.2"), other, inner);
            statuses.add(other.getStatus());
            assertThat(filter.inFlight("10.0.0.1")).isEqualTo(2);
        };
        FilterChain first = (req, res) -> {
            ((MockHttpServletResponse) res).setStatus(200);
            filter.doFilter(from("10.0.0.1"), new MockHttpServletResponse(), second);
        };
        filter.doFilter(from("10.0.0.1"), new MockHttpServletResponse(), first);

        assertThat(statuses).containsExactly(503, 200);
        assertThat(shed.get()).isEqualTo(1);
        assertThat(filter.inFlight("10.0.0.1")).isZero();
        assertThat(filter.inFlight()).isZero();
        MockHttpServletResponse again = new MockHttpServletResponse();
        filter.doFilter(from("10.0.0.1"), again, inner);
        assertThat(again.getStatus()).isEqualTo(200);
    }

    @Test
    void aClientRefusedByTheTotalLimitGivesItsOwnCountBack() throws Exception {
        InFlightLimit filter = new InFlightLimit(1, 5, req -> req.getRemoteAddr(), new ProblemWriter(JSON),
                shed::incrementAndGet, nanos::get);
        MockHttpServletResponse refused = new MockHttpServletResponse();
        filter.doFilter(from("10.0.0.9"), new MockHttpServletResponse(),
                (req, res) -> filter.doFilter(from("10.0.0.1"), refused, (r, s) -> { }));

        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(filter.inFlight("10.0.0.1")).isZero();
        assertThat(filter.inFlight("10.0.0.9")).isZero();
    }

    private static MockHttpServletRequest from(String address) {
        MockHttpServletRequest request = request("/api/v1/events");
        request.setRemoteAddr(address);
        return request;
    }

    @Test
    void aLimitBelowOneIsABug() {
        assertThatThrownBy(() -> limit(0)).isInstanceOf(IllegalArgumentException.class);
    }
    @Test
    void aRequestThatHandsOverItsSlotNoLongerCountsAndNeverReleasesItTwice() throws Exception {
        InFlightLimit filter = limit(1);
        MockHttpServletResponse second = new MockHttpServletResponse();
        MockHttpServletResponse third = new MockHttpServletResponse();
        FilterChain longLived = (req, res) -> {
            assertThat(filter.inFlight()).isEqualTo(1);
            InFlightLimit.handOver((HttpServletRequest) req);
            InFlightLimit.handOver((HttpServletRequest) req);
            assertThat(filter.inFlight()).as("handed over once, counted zero, never negative").isZero();
            // While the long-lived request goes on, another one gets the slot, and a third is shed.
            filter.doFilter(request("/api/v1/events"), second, (r2, s2) -> {
                ((MockHttpServletResponse) s2).setStatus(200);
                filter.doFilter(request("/api/v1/events"), third, (r3, s3) -> ((MockHttpServletResponse) s3).setStatus(200));
            });
        };
        filter.doFilter(request("/api/v1/bookings/b-1/stream"), new MockHttpServletResponse(), longLived);

        assertThat(second.getStatus()).isEqualTo(200);
        assertThat(third.getStatus()).isEqualTo(503);
        assertThat(filter.inFlight()).as("every permit back, none twice").isZero();
        assertThat(nested(filter, "/api/v1/events", "/api/v1/events")).extracting(MockHttpServletResponse::getStatus)
                .containsExactly(200, 503);
    }
}
