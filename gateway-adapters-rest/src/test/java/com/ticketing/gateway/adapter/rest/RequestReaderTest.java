package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class RequestReaderTest {

    private final RequestReader reader = new RequestReader(new HttpLimits(2048));

    private static MockHttpServletRequest request(String uri) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        request.setRequestURI(uri);
        return request;
    }

    @Test
    void splitsAndDecodesPathSegments() throws RejectedRequest {
        assertThat(reader.pathSegments(request("/api/v1/events/evt%2D001"))).containsExactly("api", "v1", "events", "evt-001");
        assertThat(reader.pathSegments(request("/api/v1/events/"))).containsExactly("api", "v1", "events");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/../admin", "/api/v1/%2e%2e/admin", "/api/v1/events%2Fevt-001", "/api//v1",
            "/api/v1/events;jsessionid=1", "/api/v1/events/%00", "/api/v1/events/a\\b", "/api/v1/%5C", "/api/v1/%0d%0a",
            "/api/v1/events/%ZZ", "/api/v1/./events", "/api/v1/events/%252e%252e", "/api/v1/events/%C0%AE",
            "/api/v1/events/%C2%85", "/api/v1/events/%e9", "api/v1/events", "/api/v1/events/a b"})
    void refusesUnsafePaths(String uri) {
        assertThatThrownBy(() -> reader.pathSegments(request(uri)))
                .isInstanceOfSatisfying(RejectedRequest.class, r -> assertThat(r.problem().status()).isEqualTo(400));
    }

    @Test
    void readsTheFirstValueOfEachQueryParameter() throws RejectedRequest {
        MockHttpServletRequest request = request("/api/v1/events");
        request.setQueryString("q=rock+night&category=concert&q=second&pageSize=5&empty");

        assertThat(reader.query(request, Set.of())).containsEntry("q", "rock night").containsEntry("category", "concert")
                .containsEntry("pageSize", "5").containsEntry("empty", "").hasSize(4);
    }

    @Test
    void aParameterTheRouteReadsMustComeOnceOthersMayRepeat() throws RejectedRequest {
        MockHttpServletRequest twice = request("/api/v1/events");
        twice.setQueryString("page=1&q=x&page=abc");
        MockHttpServletRequest other = request("/api/v1/events");
        other.setQueryString("page=1&_=1&_=2");

        assertThatThrownBy(() -> reader.query(twice, Set.of("page", "pageSize"))).isInstanceOfSatisfying(
                RejectedRequest.class, r -> {
                    assertThat(r.problem().status()).isEqualTo(400);
                    assertThat(r.problem().errors()).singleElement().satisfies(e -> {
                        assertThat(e.field()).isEqualTo("page");
                        assertThat(e.message()).isEqualTo("must appear only once");
                    });
                });
        assertThat(reader.query(other, Set.of("page", "pageSize"))).containsEntry("page", "1").containsEntry("_", "1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"q=%00", "q=a%0Ab", "%07=x", "q=%C3", "q=%FF", "q=%E2%82"})
    void aQueryThatIsNotUtf8OrHoldsAControlCharacterIs400SayingWhich(String query) {
        MockHttpServletRequest request = request("/api/v1/events");
        request.setQueryString(query);
        boolean control = query.contains("%00") || query.contains("%0A") || query.contains("%07");

        assertThatThrownBy(() -> reader.query(request, Set.of())).isInstanceOfSatisfying(RejectedRequest.class, r -> {
            assertThat(r.problem().status()).isEqualTo(400);
            assertThat(r.problem().detail()).isEqualTo(control ? "the query string holds a control character"
                    : "the query string is not valid UTF-8 percent-encoding");
        });
    }

    @Test
    void refusesNonJsonContentTypeWith415() {
        MockHttpServletRequest request = request("/api/v1/auth/login");
        request.setContentType("text/plain");
        request.setContent("{}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> reader.jsonBody(request))
                .isInstanceOfSatisfying(RejectedRequest.class, r -> assertThat(r.problem().status()).isEqualTo(415));
    }

    @Test
    void aRequestWithoutABodyIs400WhateverItsContentTypeSays() {
        MockHttpServletRequest none = request("/api/v1/user/profile");
        MockHttpServletRequest plain = request("/api/v1/user/profile");
        plain.setContentType("text/plain");
        plain.setContent(new byte[0]);

        for (MockHttpServletRequest request : List.of(none, plain)) {
            assertThatThrownBy(() -> reader.jsonBody(request)).isInstanceOfSatisfying(RejectedRequest.class, r -> {
                assertThat(r.problem().status()).isEqualTo(400);
                assertThat(r.problem().code()).isEqualTo(ProblemCode.MALFORMED_JSON);
                assertThat(r.problem().detail()).isEqualTo("a JSON body is required");
            });
        }
    }

    @Test
    void aRouteWithoutBodyTakesNoneAnEmptyOneOrAnEmptyObject() {
        MockHttpServletRequest none = request("/api/v1/auth/logout");
        MockHttpServletRequest empty = request("/api/v1/auth/logout");
        empty.setContentType("application/json");
        empty.addHeader("Transfer-Encoding", "chunked");
        MockHttpServletRequest object = request("/api/v1/auth/logout");
        object.setContentType("application/json");
        object.setContent(" {} ".getBytes(StandardCharsets.UTF_8));

        for (MockHttpServletRequest request : List.of(none, empty, object)) {
            assertThatCode(() -> reader.noBody(request)).doesNotThrowAnyException();
        }
    }

    @Test
    void aRouteWithoutBodyRefusesABodyAsAnyJsonBodyIsRefused() {
        MockHttpServletRequest plain = request("/api/v1/auth/logout");
        plain.setContentType("text/plain");
        plain.setContent("x".getBytes(StandardCharsets.UTF_8));
        MockHttpServletRequest large = request("/api/v1/auth/logout");
        large.setContentType("application/json");
        large.setContent(new byte[2049]);
        MockHttpServletRequest notJson = request("/api/v1/auth/logout");
        notJson.setContentType("application/json");
        notJson.setContent("{\"a\":".getBytes(StandardCharsets.UTF_8));
        MockHttpServletRequest member = request("/api/v1/auth/logout");
        member.setContentType("application/json");
        member.setContent("{\"bogus\":1}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> reader.noBody(plain)).isInstanceOfSatisfying(RejectedRequest.class,
                r -> assertThat(r.problem().status()).isEqualTo(415));
        assertThatThrownBy(() -> reader.noBody(large)).isInstanceOfSatisfying(RejectedRequest.class,
                r -> assertThat(r.problem().status()).isEqualTo(413));
        assertThatThrownBy(() -> reader.noBody(notJson)).isInstanceOfSatisfying(RejectedRequest.class,
                r -> assertThat(r.problem().code()).isEqualTo(ProblemCode.MALFORMED_JSON));
        assertThatThrownBy(() -> reader.noBody(member)).isInstanceOfSatisfying(RejectedRequest.class,
                r -> assertThat(r.problem().errors()).singleElement().extracting(Problem.FieldError::field)
                        .isEqualTo("bogus"));
    }

    @Test
    void aChunkedBodyOfAnotherTypeIs415() {
        MockHttpServletRequest request = request("/api/v1/auth/login");
        request.setContentType("text/plain");
        request.addHeader("Transfer-Encoding", "chunked");

        assertThatThrownBy(() -> reader.jsonBody(request))
                .isInstanceOfSatisfying(RejectedRequest.class, r -> assertThat(r.problem().status()).isEqualTo(415));
    }

    @Test
    void acceptsJsonWithUtf8Charset() throws Exception {
        MockHttpServletRequest request = request("/api/v1/auth/login");
        request.setContentType("application/json; charset=UTF-8");
        request.setContent("{}".getBytes(StandardCharsets.UTF_8));

        assertThat(reader.jsonBody(request)).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesBodiesOverTheLimitWith413EvenWithoutContentLength() {
        MockHttpServletRequest request = request("/api/v1/auth/login");
        request.setContentType("application/json");
        request.setContent(new byte[2049]);

        assertThatThrownBy(() -> reader.jsonBody(request))
                .isInstanceOfSatisfying(RejectedRequest.class, r -> assertThat(r.problem().status()).isEqualTo(413));
    }

    @Test
    void acceptsABodyOfExactlyTheLimit() throws Exception {
        MockHttpServletRequest request = request("/api/v1/auth/login");
        request.setContentType("application/json");
        request.setContent(new byte[2048]);

        assertThat(reader.jsonBody(request)).hasSize(2048);
    }

    @Test
    void refusesInvalidUtf8AndEmptyBodiesWith400() {
        MockHttpServletRequest invalid = request("/api/v1/auth/login");
        invalid.setContentType("application/json");
        invalid.setContent(new byte[] {'{', (byte) 0xC3, '}'});
        MockHttpServletRequest empty = request("/api/v1/auth/login");
        empty.setContentType("application/json");

        for (MockHttpServletRequest request : List.of(invalid, empty)) {
            assertThatThrownBy(() -> reader.jsonBody(request)).isInstanceOfSatisfying(RejectedRequest.class,
                    r -> assertThat(r.problem().code()).isEqualTo(ProblemCode.MALFORMED_JSON));
        }
    }

    @Test
    void bearerTokenOfAnotherSchemeIsSentOnAsInvalid() {
        MockHttpServletRequest basic = request("/api/v1/bookings");
        basic.addHeader("Authorization", "Basic dXNlcjpwYXNz");
        MockHttpServletRequest bearer = request("/api/v1/bookings");
        bearer.addHeader("Authorization", "Bearer abc.def.ghi");

        assertThat(reader.bearerToken(basic)).contains("");
        assertThat(reader.bearerToken(bearer)).contains("abc.def.ghi");
        assertThat(reader.bearerToken(request("/api/v1/bookings"))).isEmpty();
    }

    @Test
    void refusesIdempotencyKeysWithControlCharactersOrTooLong() {
        MockHttpServletRequest tooLong = request("/api/v1/payments");
        tooLong.addHeader("Idempotency-Key", "k".repeat(256));
        MockHttpServletRequest spaces = request("/api/v1/payments");
        spaces.addHeader("Idempotency-Key", "a b");

        for (MockHttpServletRequest request : List.of(tooLong, spaces)) {
            assertThatThrownBy(() -> reader.idempotencyKey(request)).isInstanceOf(RejectedRequest.class);
        }
    }

    @Test
    void refusesARepeatedIdempotencyKey() {
        MockHttpServletRequest twice = request("/api/v1/payments");
        twice.addHeader("Idempotency-Key", "key-1");
        twice.addHeader("Idempotency-Key", "key-2");

        assertThatThrownBy(() -> reader.idempotencyKey(twice)).isInstanceOfSatisfying(RejectedRequest.class,
                r -> assertThat(r.problem().errors().get(0).field()).isEqualTo("Idempotency-Key"));
    }

    @Test
    void screensTheJsonBodyAfterTheUtf8Check() {
        MockHttpServletRequest request = request("/api/v1/auth/login");
        request.setContentType("application/json");
        request.setContent("{\"email\":\"a\\u0000b\"}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> reader.jsonBody(request)).isInstanceOfSatisfying(RejectedRequest.class,
                r -> assertThat(r.problem().errors().get(0).field()).isEqualTo("email"));
    }
}
