package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RequestScreenTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final RequestScreen screen = new RequestScreen(new HttpLimits(2048), new ProblemWriter(JSON),
            new TrustedProxies(List.of("10.0.0.0/8")));

    private static MockHttpServletRequest request(String method, String uri) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
        request.setRequestURI(uri);
        request.setRemoteAddr("10.1.2.3");
        return request;
    }

    /** The answer of the screen alone; a request it lets through reaches the chain and gets 200. */
    private MockHttpServletResponse screened(MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        screen.doFilter(request, response, chain);
        if (chain.getRequest() == null) {
            assertThat(response.getContentType()).isEqualTo(ProblemWriter.MEDIA_TYPE);
        }
        return response;
    }

    private static JsonNode problem(MockHttpServletResponse response) throws Exception {
        return JSON.readTree(response.getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void passesAnOrdinaryRequestAndResolvesTheClientAddress() throws Exception {
        MockHttpServletRequest request = request("GET", "/api/v1/events");
        request.setQueryString("q=rock&page=2");
        request.addHeader("X-Forwarded-For", "203.0.113.9");

        assertThat(screened(request).getStatus()).isEqualTo(200);
        assertThat(RequestState.of(request).clientAddress()).isEqualTo("203.0.113.9");
    }

    @Test
    void aRequestTargetOfExactlyTheLimitPassesAndOneMoreIs414() throws Exception {
        String path = "/api/v1/events";
        MockHttpServletRequest atLimit = request("GET", path);
        atLimit.setQueryString("q=" + "a".repeat(HttpLimits.DEFAULT_MAX_URI_LENGTH - path.length() - 3));
        MockHttpServletRequest over = request("GET", path);
        over.setQueryString("q=" + "a".repeat(HttpLimits.DEFAULT_MAX_URI_LENGTH - path.length() - 2));

        assertThat(screened(atLimit).getStatus()).isEqualTo(200);
        MockHttpServletResponse refused = screened(over);
        assertThat(refused.getStatus()).isEqualTo(414);
        assertThat(problem(refused).get("code").asString()).isEqualTo("VALIDATION_FAILED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health/../metrics", "/metrics;x=y", "//api/v1/events", "/api/v1/events/%2e%2e"})
    void refusesUnsafePathsEverywhereWith400(String uri) throws Exception {
        assertThat(screened(request("GET", uri)).getStatus()).isEqualTo(400);
    }

    @Test
    void refusesHeaderNamesWithUnderscores() throws Exception {
        MockHttpServletRequest request = request("GET", "/api/v1/events");
        request.addHeader("X_User_Id", "u-1");

        assertThat(screened(request).getStatus()).isEqualTo(400);
    }

    @Test
    void anAuthorizationHeaderOfTheLimitPassesOneLongerIs431AndTwoAre400() throws Exception {
        MockHttpServletRequest atLimit = request("GET", "/api/v1/bookings");
        atLimit.addHeader("Authorization", "Bearer " + "a".repeat(HttpLimits.DEFAULT_MAX_CREDENTIAL_LENGTH - 7));
        MockHttpServletRequest over = request("GET", "/api/v1/bookings");
        over.addHeader("Authorization", "Bearer " + "a".repeat(HttpLimits.DEFAULT_MAX_CREDENTIAL_LENGTH - 6));
        MockHttpServletRequest twice = request("GET", "/api/v1/bookings");
        twice.addHeader("Authorization", "Bearer a");
        twice.addHeader("Authorization", "Bearer b");

        assertThat(screened(atLimit).getStatus()).isEqualTo(200);
        MockHttpServletResponse tooLong = screened(over);
        assertThat(tooLong.getStatus()).isEqualTo(431);
        assertThat(tooLong.getHeader("Connection")).isEqualTo("close");
        assertThat(screened(twice).getStatus()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"access_token=eyJabc", "page=1&token=x", "ACCESS_TOKEN=x", "access%5Ftoken=x",
            "refresh_token=x", "id_token=x", "jwt=x", "api_key=x"})
    void refusesCredentialsInTheQueryWithoutEchoingThem(String query) throws Exception {
        MockHttpServletRequest request = request("GET", "/api/v1/events");
        request.setQueryString(query);

        MockHttpServletResponse response = screened(request);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).doesNotContain("eyJ").doesNotContain("=x");
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413AndClosesTheConnection() throws Exception {
        MockHttpServletRequest request = request("POST", "/api/v1/auth/login");
        request.setContentType("application/json");
        request.addHeader("Content-Length", "2049");
        request.setContent(new byte[2049]);

        MockHttpServletResponse response = screened(request);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getHeader("Connection")).isEqualTo("close");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain",
            "application/json; charset=iso-8859-1"})
    void anyBodyThatIsNotJsonIs415BeforeAnyoneParsesIt(String contentType) throws Exception {
        MockHttpServletRequest request = request("PUT", "/api/v1/user/profile");
        request.setContentType(contentType);
        request.setContent("a=b".getBytes(StandardCharsets.UTF_8));

        assertThat(screened(request).getStatus()).isEqualTo(415);
    }

    @Test
    void requestsWithoutABodyNeedNoContentType() throws Exception {
        assertThat(screened(request("DELETE", "/api/v1/bookings/b-1")).getStatus()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "br", "deflate", "x-gzip", "compress", "zstd", "x-unknown", "GZIP",
            "identity, gzip", "gzip, identity"})
    void aContentEncodedBodyIs415AndAsksForIdentity(String coding) throws Exception {
        MockHttpServletRequest request = request("POST", "/api/v1/auth/login");
        request.setContentType("application/json");
        request.addHeader("Content-Encoding", coding);
        request.setContent("{}".getBytes(StandardCharsets.UTF_8));

        MockHttpServletResponse response = screened(request);

        assertThat(response.getStatus()).isEqualTo(415);
        assertThat(response.getHeader("Accept-Encoding")).isEqualTo("identity");
        assertThat(problem(response).get("code").asString()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "IDENTITY", " identity "})
    void anIdentityCodedBodyPasses(String coding) throws Exception {
        MockHttpServletRequest request = request("POST", "/api/v1/auth/login");
        request.setContentType("application/json");
        request.addHeader("Content-Encoding", coding);
        request.setContent("{}".getBytes(StandardCharsets.UTF_8));

        assertThat(screened(request).getStatus()).isEqualTo(200);
    }
}
