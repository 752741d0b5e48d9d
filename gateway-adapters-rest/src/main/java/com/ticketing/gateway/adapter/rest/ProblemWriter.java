package com.ticketing.gateway.adapter.rest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Writes problems as {@code application/problem+json} (RFC 9457) with the contract's extra members. */
public final class ProblemWriter {

    public static final String MEDIA_TYPE = "application/problem+json";
    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, Problem problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.status());
        problem.headers().forEach(response::setHeader);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(MEDIA_TYPE);
        byte[] body = toJson(request, problem);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The problem document for a non-success result, or null for a success. */
    public byte[] toJsonFor(HttpServletRequest request, com.ticketing.gateway.domain.service.ApiResult result,
                            boolean tokenSent) {
        return result instanceof com.ticketing.gateway.domain.service.ApiResult.Success ? null
                : toJson(request, ProblemMapping.toProblem(result, tokenSent));
    }

    /** The problem document; the instance is the request path, never anything the client sent beyond it. */
    public byte[] toJson(HttpServletRequest request, Problem problem) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", problem.code().type());
        doc.put("title", problem.code().title());
        doc.put("status", problem.status());
        doc.put("detail", problem.detail());
        doc.put("instance", instance(request));
        doc.put("code", problem.code().name());
        doc.put("requestId", RequestIds.of(request).value());
        if (!problem.errors().isEmpty()) {
            List<Map<String, String>> errors = problem.errors().stream()
                    .map(e -> Map.of("field", e.field(), "message", e.message())).toList();
            doc.put("errors", errors);
        }
        return json.writeValueAsBytes(doc);
    }

    private static String instance(HttpServletRequest request) {
        Object original = request.getAttribute("jakarta.servlet.error.request_uri");
        String uri = original instanceof String s ? s : request.getRequestURI();
        return uri.length() > 256 ? uri.substring(0, 256) : uri;
    }
}
