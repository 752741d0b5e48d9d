package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class CorsPolicyTest {

    private static final String APP = "http://localhost:5173";
    private static final CorsHeaders CORS = new CorsHeaders(Set.of(APP), false, Duration.ofSeconds(600));

    private static MockHttpServletResponse run(CorsHeaders cors, MockHttpServletRequest request, int downstreamStatus)
            throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new CorsPolicy(cors, new ProblemWriter(JsonMapper.builder().build())).doFilter(request, response,
                new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
                    @Override
                    protected void service(jakarta.servlet.http.HttpServletRequest req,
                                           jakarta.servlet.http.HttpServletResponse res) {
                        res.setStatus(downstreamStatus);
                    }
                }));
        return response;
    }

    private static MockHttpServletRequest from(String origin, String method) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/v1/bookings");
        request.addHeader("Origin", origin);
        return request;
    }

    @Test
    void preflightFromAnAllowedOriginIs204WithEveryHeaderTheContractNames() throws Exception {
        MockHttpServletRequest request = from(APP, "OPTIONS");
        request.addHeader("Access-Control-Request-Method", "POST");

        MockHttpServletResponse response = run(CORS, request, 500);

        assertThat(response.getStatus()).isEqualTo(204);
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(response.getHeader("Access-Control-Allow-Headers").split(", ")).containsExactlyInAnyOrder(
                "Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id", "X-Request-Timeout",
                "If-None-Match", "Last-Event-ID", "traceparent", "tracestate");
        assertThat(response.getHeader("Access-Control-Max-Age")).isEqualTo("600");
        assertThat(response.getHeader("Access-Control-Allow-Credentials")).isNull();
        assertThat(response.getHeaders("Vary")).containsExactly("Origin");
    }

    @Test
    void preflightFromAnotherOriginIs403WithoutAllowOrigin() throws Exception {
        MockHttpServletRequest request = from("http://evil.example", "OPTIONS");
        request.addHeader("Access-Control-Request-Method", "POST");

        MockHttpServletResponse response = run(CORS, request, 204);

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
        assertThat(response.getHeader("Access-Control-Allow-Methods")).isNull();
    }

    @Test
    void everyAnswerToAnAllowedOriginExposesTheContractsHeaders() throws Exception {
        MockHttpServletResponse response = run(CORS, from(APP, "GET"), 415);

        assertThat(response.getStatus()).isEqualTo(415);
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(response.getHeader("Access-Control-Expose-Headers").split(", ")).containsExactlyInAnyOrder(
                "ETag", "Location", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
                "WWW-Authenticate", "X-Request-Id", "X-Cache", "Allow");
    }

    @Test
    void theErrorDispatchGetsTheHeadersOnceMore() throws Exception {
        MockHttpServletRequest request = from(APP, "GET");
        request.setDispatcherType(DispatcherType.ERROR);
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.addHeader("Vary", "Origin");
        new CorsPolicy(CORS, new ProblemWriter(JsonMapper.builder().build()))
                .doFilter(request, response, new MockFilterChain());

        assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(response.getHeaders("Vary")).containsExactly("Origin");
    }

    @Test
    void credentialsAreAllowedOnlyWhenConfiguredAndOnlyForAllowedOrigins() throws Exception {
        CorsHeaders withCredentials = new CorsHeaders(Set.of(APP), true, Duration.ofSeconds(5));

        assertThat(run(withCredentials, from(APP, "GET"), 200).getHeader("Access-Control-Allow-Credentials"))
                .isEqualTo("true");
        assertThat(run(withCredentials, from("http://evil.example", "GET"), 200)
                .getHeader("Access-Control-Allow-Credentials")).isNull();
        assertThat(run(CORS, from(APP, "GET"), 200).getHeader("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void aRequestWithoutOriginGetsNoCorsHeadersButVariesOnOriginOnceAnyOriginIsAllowed() throws Exception {
        MockHttpServletResponse response = run(CORS, new MockHttpServletRequest("GET", "/api/v1/events"), 200);
        MockHttpServletResponse noCors = run(new CorsHeaders(Set.of()),
                new MockHttpServletRequest("GET", "/api/v1/events"), 200);

        // A cache, the browser's included, must not reuse this answer (no CORS headers) for a page's CORS request.
        assertThat(response.getHeaderNames()).noneMatch(name -> name.startsWith("Access-Control"));
        assertThat(response.getHeaders("Vary")).containsExactly("Origin");
        assertThat(noCors.getHeaderNames()).noneMatch(name -> name.startsWith("Access-Control")).doesNotContain("Vary");
    }

    @Test
    void wildcardsAndMalformedOriginsAreRefusedAtStart() {
        assertThatThrownBy(() -> new CorsHeaders(Set.of("*"))).hasMessageContaining("CORS_ALLOWED_ORIGINS");
        assertThatThrownBy(() -> new CorsHeaders(Set.of("app.example.com"))).hasMessageContaining("CORS_ALLOWED_ORIGINS");
        assertThatThrownBy(() -> new CorsHeaders(Set.of(APP), false, Duration.ofSeconds(-1)))
                .hasMessageContaining("CORS_MAX_AGE_SECONDS");
    }
}
