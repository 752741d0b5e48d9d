package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.ticketing.gateway.adapter.rest.RequestState;
import com.ticketing.gateway.adapter.rest.TrustedProxies;
import com.ticketing.gateway.domain.route.ApiRoutes;
import com.ticketing.gateway.domain.route.Route;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class AccessLogTest {

    private static final TrustedProxies NO_PROXIES = new TrustedProxies(List.of());
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger access = (Logger) LoggerFactory.getLogger("access");

    @BeforeEach
    void capture() {
        lines.start();
        access.addAppender(lines);
        access.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        access.detachAppender(lines);
        access.setLevel(null);
        MDC.clear();
    }

    /** A chain that takes 40 ms, twice the threshold of the slow-request tests. */
    private static final jakarta.servlet.FilterChain SLOW_CHAIN = (req, res) -> {
        try {
            Thread.sleep(40);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    };

    private static MockHttpServletRequest served(Route route, String user) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/user/profile");
        request.setRemoteAddr("203.0.113.9");
        RequestState.of(request).matched(route);
        RequestState.of(request).servedFor(user);
        return request;
    }

    @Test
    void oneInfoLinePerRequestWithRouteUserStatusLatencyAndRequestIdAlsoAsContextFields() throws Exception {
        Route route = ApiRoutes.v1(Duration.ofSeconds(5), Duration.ofSeconds(8))
                .routes(r -> r.id().equals("user.profile.get")).getFirst();
        MDC.put("requestId", "req-42");

        new AccessLog(Duration.ofSeconds(1), NO_PROXIES).doFilter(served(route, "usr-7"), new MockHttpServletResponse(),
                (req, res) -> ((MockHttpServletResponse) res).setStatus(200));

        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getFormattedMessage()).matches("GET /api/v1/user/profile route=user\\.profile\\.get "
                    + "user=usr-7 status=200 latencyMs=\\d+\\.\\d client=203\\.0\\.113\\.9 requestId=req-42");
            assertThat(line.getMDCPropertyMap()).containsEntry("route", "user.profile.get")
                    .containsEntry("userId", "usr-7").containsEntry("requestId", "req-42");
        });
        assertThat(MDC.get("route")).as("the fields are the line's only").isNull();
        assertThat(MDC.get("userId")).isNull();
    }

    @Test
    void aRequestSlowerThanTheThresholdIsAWarnLine() throws Exception {
        new AccessLog(Duration.ofMillis(20), NO_PROXIES).doFilter(new MockHttpServletRequest("GET", "/health"),
                new MockHttpServletResponse(), SLOW_CHAIN);

        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage()).startsWith("slow request GET /health route=- user=- status=200");
        });
    }

    @Test
    void aBookingStatusStreamIsNoSlowRequestHoweverLongItLasts() throws Exception {
        Route stream = ApiRoutes.v1(Duration.ofSeconds(5), Duration.ofSeconds(8))
                .routes(r -> r.id().equals("bookings.stream")).getFirst();

        new AccessLog(Duration.ofMillis(20), NO_PROXIES).doFilter(served(stream, "usr-7"), new MockHttpServletResponse(),
                SLOW_CHAIN);

        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getFormattedMessage()).startsWith("GET /api/v1/user/profile route=bookings.stream user=usr-7");
        });
    }

    @Test
    void behindATrustedProxyTheLineNamesTheForwardedClientInCanonicalForm() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/events");
        request.setRemoteAddr("10.0.0.2");
        request.addHeader("X-Forwarded-For", "::FFFF:198.51.100.7");

        new AccessLog(Duration.ofSeconds(1), new TrustedProxies(List.of("10.0.0.0/8"))).doFilter(request,
                new MockHttpServletResponse(), (req, res) -> { });

        assertThat(lines.list).singleElement().satisfies(line ->
                assertThat(line.getFormattedMessage()).contains(" client=198.51.100.7 ").doesNotContain("10.0.0.2"));
    }
}
