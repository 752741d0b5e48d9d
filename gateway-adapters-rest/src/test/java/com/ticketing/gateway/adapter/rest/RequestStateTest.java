package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.route.ApiRoutes;
import com.ticketing.gateway.domain.route.Route;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestStateTest {

    private static final Route PROFILE = ApiRoutes.v1(Duration.ofSeconds(2), Duration.ofSeconds(8))
            .byId("user.profile.get").orElseThrow();

    @Test
    void everythingTheEdgeLearnsOfARequestIsOneAttribute() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/user/profile");
        request.addHeader(RequestIds.HEADER, "client-id-1");
        request.setRemoteAddr("203.0.113.7");

        RequestIds.assign(request, new MockHttpServletResponse());
        RequestState.of(request).clientAddress("203.0.113.7");
        RequestReader.rememberSegments(request, "/api/v1/user/profile", List.of("api", "v1", "user", "profile"));
        RequestState.of(request).matched(PROFILE);
        RequestState.of(request).servedFor("u-42");

        assertThat(Collections.list(request.getAttributeNames())).hasSize(1);
        assertThat(RequestIds.of(request).value()).isEqualTo("client-id-1");
        assertThat(RequestState.route(request)).isSameAs(PROFILE);
        assertThat(RequestState.user(request)).isEqualTo("u-42");
        assertThat(RequestState.of(request).screenedSegments("/api/v1/user/profile")).containsExactly(
                "api", "v1", "user", "profile");
    }

    @Test
    void readsOfARequestNothingWasLearntOfAddNothing() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/nothing");

        assertThat(RequestState.route(request)).isNull();
        assertThat(RequestState.user(request)).isNull();
        assertThat(RequestIds.of(request).value()).isNotBlank();
        assertThat(request.getAttributeNames().hasMoreElements()).isFalse();
    }

    @Test
    void segmentsDecodedFromAnotherUriAreNotReused() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/events");
        RequestReader.rememberSegments(request, "/api/v1/events", List.of("api", "v1", "events"));

        assertThat(RequestState.of(request).screenedSegments("/api/v1/tickets")).isNull();
    }
}
