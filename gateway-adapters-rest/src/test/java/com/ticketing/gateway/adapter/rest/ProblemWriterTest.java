package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProblemWriterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ProblemWriter writer = new ProblemWriter(JSON);

    @Test
    void capsAndCleansEverythingThatMayEchoClientInput() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/x");
        request.setRequestURI("/api/v1/<script>\"\u00e9" + "a".repeat(400));
        Problem problem = new Problem(400, ProblemCode.VALIDATION_FAILED, "d\r\n" + "x".repeat(500),
                List.of(new Problem.FieldError("f\u0000" + "y".repeat(100), "m\u001b[31m")), Map.of());

        JsonNode doc = JSON.readTree(new String(writer.toJson(request, problem), StandardCharsets.UTF_8));

        assertThat(doc.get("detail").asString()).startsWith("d??x").hasSize(ProblemWriter.DETAIL_CAP + 3);
        assertThat(doc.get("errors").get(0).get("field").asString()).startsWith("f?y")
                .hasSize(ProblemWriter.FIELD_CAP + 3);
        assertThat(doc.get("errors").get(0).get("message").asString()).isEqualTo("m?[31m");
        assertThat(doc.get("instance").asString()).startsWith("/api/v1/%3Cscript%3E%22%C3%A9aaa")
                .hasSizeLessThanOrEqualTo(ProblemWriter.INSTANCE_CAP);
    }

    @Test
    void everyProblemAnswerIsCountedOnceByItsCode() throws Exception {
        List<ProblemCode> counted = new java.util.ArrayList<>();
        ProblemWriter counting = new ProblemWriter(JSON, counted::add);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/x");

        counting.write(request, new org.springframework.mock.web.MockHttpServletResponse(),
                Problem.of(429, ProblemCode.RATE_LIMITED, "slow down"));
        counting.toJson(request, Problem.of(404, ProblemCode.NOT_FOUND, "no such thing"));

        assertThat(counted).containsExactly(ProblemCode.RATE_LIMITED, ProblemCode.NOT_FOUND);
    }

    @Test
    void anUnparsedRequestHasAnEmptyInstance() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRequestURI(null);

        JsonNode doc = JSON.readTree(writer.toJson(request, Problem.of(400, ProblemCode.VALIDATION_FAILED, "bad")));

        assertThat(doc.get("instance").asString()).isEmpty();
    }
}
