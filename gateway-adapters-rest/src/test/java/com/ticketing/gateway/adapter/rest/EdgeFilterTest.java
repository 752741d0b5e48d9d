package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class EdgeFilterTest {

    private final List<String> ran = new ArrayList<>();

    @Test
    void passesEveryStepInOrderThenTheServletInOnePassWithoutMarkerAttributes() throws Exception {
        EdgeFilter edge = new EdgeFilter(List.of(step("a"), step("b"), step("c")), List.of(step("e")));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/events");

        edge.doFilter(request, new MockHttpServletResponse(), (req, res) -> ran.add("servlet"));

        assertThat(ran).containsExactly("a", "b", "c", "servlet");
        assertThat(request.getAttributeNames().hasMoreElements()).isFalse();
    }

    @Test
    void aStepThatAnswersStopsThePass() throws Exception {
        EdgeStep refusing = new EdgeStep() {
            @Override
            public void apply(HttpServletRequest request, HttpServletResponse response, FilterChain next) {
                ran.add("refused");
                response.setStatus(503);
            }
        };
        EdgeFilter edge = new EdgeFilter(List.of(step("a"), refusing, step("c")), List.of());
        MockHttpServletResponse response = new MockHttpServletResponse();

        edge.doFilter(new MockHttpServletRequest("GET", "/api/v1/events"), response, (req, res) -> ran.add("servlet"));

        assertThat(ran).containsExactly("a", "refused");
        assertThat(response.getStatus()).isEqualTo(503);
    }

    @Test
    void theContainersErrorDispatchPassesOnlyTheErrorSteps() throws Exception {
        EdgeFilter edge = new EdgeFilter(List.of(step("a"), step("b")), List.of(step("b")));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setDispatcherType(DispatcherType.ERROR);

        edge.doFilter(request, new MockHttpServletResponse(), (req, res) -> ran.add("error page"));

        assertThat(ran).containsExactly("b", "error page");
    }

    private EdgeStep step(String name) {
        return new EdgeStep() {
            @Override
            public void apply(HttpServletRequest request, HttpServletResponse response, FilterChain next)
                    throws IOException, ServletException {
                ran.add(name);
                next.doFilter(request, response);
            }
        };
    }
}
