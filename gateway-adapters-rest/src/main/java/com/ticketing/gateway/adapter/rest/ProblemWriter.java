package com.ticketing.gateway.adapter.rest;

import com.ticketing.gateway.domain.service.ApiResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes problems as {@code application/problem+json} (RFC 9457) with the contract's extra
 * members. Text that may echo client input (detail, field names, the path) is capped and has its
 * control characters replaced before it is JSON-escaped.
 */
public final class ProblemWriter {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final int DETAIL_CAP = 300;
    static final int FIELD_CAP = 64;
    static final int INSTANCE_CAP = 256;
    private final JsonMapper json;
    private final Consumer<ProblemCode> counted;

    public ProblemWriter(JsonMapper json) {
        this(json, code -> { });
    }

    /** @param counted told the code of every problem document made, once per answer (for a metric) */
    public ProblemWriter(JsonMapper json, Consumer<ProblemCode> counted) {
        this.json = json;
        this.counted = Objects.requireNonNull(counted, "counted");
    }

    public void write(HttpServletRequest request, HttpServletResponse response, Problem problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.status());
        problem.headers().forEach(response::setHeader);
        setHeaders(response);
        byte[] body = toJson(request, problem);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The headers of every problem answer but its own: type, no caching, no sniffing. */
    static void setHeaders(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentType(MEDIA_TYPE);
    }

    /** The problem document for a non-success result, or null for a success. */
    public byte[] toJsonFor(HttpServletRequest request, ApiResult result, boolean tokenSent) {
        return result instanceof ApiResult.Success ? null
                : toJson(request, ProblemMapping.toProblem(result, tokenSent));
    }

    /** The problem document; the instance is the request path, never anything the client sent beyond it. */
    public byte[] toJson(HttpServletRequest request, Problem problem) {
        counted.accept(problem.code());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", problem.code().type());
        doc.put("title", problem.code().title());
        doc.put("status", problem.status());
        doc.put("detail", ClientText.safe(problem.detail(), DETAIL_CAP));
        doc.put("instance", instance(request));
        doc.put("code", problem.code().name());
        doc.put("requestId", RequestIds.of(request).value());
        if (!problem.errors().isEmpty()) {
            List<Map<String, String>> errors = problem.errors().stream()
                    .map(e -> Map.of("field", ClientText.safe(e.field(), FIELD_CAP),
                            "message", ClientText.safe(e.message(), DETAIL_CAP)))
                    .toList();
            doc.put("errors", errors);
        }
        return json.writeValueAsBytes(doc);
    }

    /**
     * The request path as sent, capped; any character outside the URI path characters is
     * percent-encoded, so the instance is always a plain relative URI.
     */
    static String instance(HttpServletRequest request) {
        Object original = request.getAttribute("jakarta.servlet.error.request_uri");
        String uri = original instanceof String s ? s : request.getRequestURI();
        if ((uri == null || uri.isEmpty()) && request.getAttribute(RawHeadField.PATH_ATTRIBUTE) instanceof String raw) {
            uri = raw; // a request line the server could not parse: its path as it came, encoded
        }
        if (uri == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(uri.length(), INSTANCE_CAP));
        for (int i = 0; i < uri.length() && out.length() < INSTANCE_CAP; i++) {
            char c = uri.charAt(i);
            if (isPathChar(c)) {
                out.append(c);
            } else {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    percentEncoded(out, b);
                }
            }
        }
        return out.length() > INSTANCE_CAP ? out.substring(0, INSTANCE_CAP) : out.toString();
    }

    /** Appends {@code %XX} for the byte {@code b}, upper-case hex as RFC 3986 §2.1 recommends. */
    static StringBuilder percentEncoded(StringBuilder out, int b) {
        return out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
    }

    private static boolean isPathChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@/%".indexOf(c) >= 0;
    }
}
