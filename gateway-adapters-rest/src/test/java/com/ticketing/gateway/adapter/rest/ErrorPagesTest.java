package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class ErrorPagesTest {

    @ParameterizedTest
    @CsvSource({"400, 400, VALIDATION_FAILED", "403, 403, FORBIDDEN", "404, 404, NOT_FOUND", "405, 405, METHOD_NOT_ALLOWED",
            "413, 413, PAYLOAD_TOO_LARGE", "414, 414, VALIDATION_FAILED", "415, 415, UNSUPPORTED_MEDIA_TYPE",
            "431, 431, VALIDATION_FAILED", "408, 408, VALIDATION_FAILED", "501, 400, VALIDATION_FAILED",
            "505, 400, VALIDATION_FAILED", "500, 500, INTERNAL", "503, 500, INTERNAL"})
    void mapsContainerStatusesToProblems(int containerStatus, int status, ProblemCode code) {
        Problem problem = ErrorPages.forStatus(containerStatus);

        assertThat(problem.status()).isEqualTo(status);
        assertThat(problem.code()).isEqualTo(code);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            GET            | GET, HEAD
            GET, HEAD      | GET, HEAD
            POST, GET, PUT | POST, GET, HEAD, PUT
            POST           | POST
            HEAD, GET      | HEAD, GET
            """)
    void aMethodNotAllowedListsHeadWhereGetIsServed(String allow, String listed) {
        assertThat(ErrorPages.withHead(allow)).isEqualTo(listed);
    }

    @Test
    void aSpring405ListsHeadBesideGet() throws Exception {
        ErrorPages pages = new ErrorPages(new ProblemWriter(JsonMapper.builder().build()));
        MockHttpServletRequest forwarded = new MockHttpServletRequest("GET", "/error");
        forwarded.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 405);
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setHeader("Allow", "GET");

        pages.error(forwarded, response);

        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(response.getHeader("Allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void aClientAskingForTheErrorPageItselfGets404() throws Exception {
        ErrorPages pages = new ErrorPages(new ProblemWriter(JsonMapper.builder().build()));
        MockHttpServletResponse direct = new MockHttpServletResponse();
        MockHttpServletRequest forwarded = new MockHttpServletRequest("GET", "/error");
        forwarded.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 413);
        MockHttpServletResponse afterError = new MockHttpServletResponse();

        pages.error(new MockHttpServletRequest("GET", "/error"), direct);
        pages.error(forwarded, afterError);

        assertThat(direct.getStatus()).isEqualTo(404);
        assertThat(afterError.getStatus()).isEqualTo(413);
    }
}
