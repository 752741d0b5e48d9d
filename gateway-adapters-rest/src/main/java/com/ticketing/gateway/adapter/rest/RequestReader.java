package com.ticketing.gateway.adapter.rest;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the parts of a request the domain needs, refusing what must not get further: unsafe
 * paths, wrong content types, oversized or non-UTF-8 bodies, malformed credentials.
 */
final class RequestReader {

    static final String TIME_BUDGET_HEADER = "X-Request-Timeout";

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Pattern TIME_BUDGET = Pattern.compile("[0-9]{1,6}");
    private static final String BEARER = "Bearer ";
    private static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    private static final Problem IDEMPOTENCY_KEY_TWICE =
            ProblemMapping.invalidField(IDEMPOTENCY_KEY_HEADER, "must be sent only once");

    private final HttpLimits limits;
    private final JsonScreen jsonScreen;

    RequestReader(HttpLimits limits) {
        this.limits = limits;
        this.jsonScreen = new JsonScreen(limits.json());
    }

    /**
     * The decoded segments of the path; refuses what {@link SafePaths} refuses. Reuses what the
     * request screen decoded for the same URI ({@link #rememberSegments}) instead of decoding again.
     */
    List<String> pathSegments(HttpServletRequest request) throws RejectedRequest {
        String uri = request.getRequestURI();
        RequestState state = RequestState.peek(request);
        List<String> screened = state == null ? null : state.screenedSegments(uri);
        List<String> segments = screened != null ? screened : SafePaths.segments(uri);
        if (segments == null) {
            throw badPath();
        }
        return segments;
    }

    /** Keeps the segments the screen decoded from {@code uri} for {@link #pathSegments}. */
    static void rememberSegments(HttpServletRequest request, String uri, List<String> segments) {
        RequestState.of(request).screened(uri, segments);
    }

    /**
     * The first value of each query parameter, decoded as UTF-8: 400 for percent-encoding that is
     * not UTF-8, for a control character (NUL, a line break) once decoded, and naming a parameter
     * of {@code once} (those the route reads) that comes twice: which value counts would be a guess
     * ({@code ?page=1&page=abc}). Others may repeat, and are not read.
     */
    Map<String, String> query(HttpServletRequest request, Set<String> once) throws RejectedRequest {
        String raw = request.getQueryString();
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> values = new HashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decodeForm(eq < 0 ? pair : pair.substring(0, eq));
            String value = decodeForm(eq < 0 ? "" : pair.substring(eq + 1));
            if (name == null || value == null) {
                throw new RejectedRequest(ProblemMapping.badQueryEncoding());
            }
            if (ClientText.hasControl(name) || ClientText.hasControl(value)) {
                throw new RejectedRequest(ProblemMapping.controlInQuery());
            }
            if (values.putIfAbsent(name, value) != null && once.contains(name)) {
                throw new RejectedRequest(ProblemMapping.invalidField(name, "must appear only once"));
            }
        }
        return values;
    }

    /**
     * The JSON body: a request without one gets 400, whatever its {@code Content-Type} says (415 is
     * for a body of another type); a body requires {@code Content-Type: application/json} (415
     * otherwise). Refuses bodies over the limit without reading them to the end (413), a body that
     * does not arrive in time (408, {@link RequestDeadlines}), invalid UTF-8 (400) and what the
     * {@link JsonScreen} refuses (400).
     */
    byte[] jsonBody(HttpServletRequest request) throws RejectedRequest, IOException {
        if (!hasBody(request)) {
            throw bodyRequired();
        }
        byte[] body = readJson(request);
        if (body.length == 0) {
            throw bodyRequired();
        }
        return body;
    }

    /**
     * For a route that binds no body: none, or an empty JSON object. A body sent anyway passes the
     * checks of any JSON body (415, 413, 408, UTF-8, {@link JsonScreen}) and must hold no member,
     * since each would be an unknown field (REST.md: malformed JSON and unknown fields get 400).
     * So a logout or a cancel never runs on a body that should have been refused.
     */
    void noBody(HttpServletRequest request) throws RejectedRequest, IOException {
        if (!hasBody(request)) {
            return;
        }
        byte[] body = readJson(request);
        if (body.length > 0) {
            EmptyJsonObject.check(body);
        }
    }

    /** The body, possibly empty, checked for type, size, time, UTF-8 and by the {@link JsonScreen}. */
    private byte[] readJson(HttpServletRequest request) throws RejectedRequest, IOException {
        if (!isJson(request.getContentType())) {
            throw new RejectedRequest(ProblemMapping.bodyNotJson());
        }
        long declared = request.getContentLengthLong();
        if (declared > limits.maxBodyBytes()) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(limits.maxBodyBytes() + 1);
        } catch (UncheckedIOException e) {
            if (RequestTimeout.isCause(e.getCause())) {
                // The body did not come in time (the connector's timed read says so unchecked): 408, and the
                // connection is closed (the controller's answer says so); logged with the reason a slow head gets.
                throw new RejectedRequest(ProblemMapping.requestTimeout(), "container_408");
            }
            throw e;
        }
        if (body.length > limits.maxBodyBytes()) {
            throw tooLarge();
        }
        if (body.length == 0) {
            return body;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new RejectedRequest(ProblemMapping.bodyNotUtf8(), "invalid_utf8");
        }
        jsonScreen.check(body);
        return body;
    }

    /** Whether the request sends a body: a positive {@code Content-Length}, or a transfer coding (chunked). */
    static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static RejectedRequest bodyRequired() {
        return new RejectedRequest(ProblemMapping.bodyRequired());
    }

    /** The token of an {@code Authorization: Bearer} header; empty when there is no such header. */
    Optional<String> bearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null) {
            return Optional.empty();
        }
        // Any other scheme or a blank token is sent on as "not a token", which verifies as invalid.
        return Optional.of(header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).trim() : "");
    }

    /** The client's {@code X-Request-Timeout} (milliseconds, 1..600000): no upstream deadline is longer. */
    Optional<java.time.Duration> timeBudget(HttpServletRequest request) throws RejectedRequest {
        String value = request.getHeader(TIME_BUDGET_HEADER);
        if (value == null) {
            return Optional.empty();
        }
        long millis = TIME_BUDGET.matcher(value).matches() ? Long.parseLong(value) : 0;
        if (millis < 1 || millis > 600_000) {
            throw new RejectedRequest(ProblemMapping.invalidField(TIME_BUDGET_HEADER,
                    "must be a whole number of milliseconds from 1 to 600000"));
        }
        return Optional.of(java.time.Duration.ofMillis(millis));
    }

    /**
     * The one value of a header field that must come once, null when it is absent; sent twice it is
     * refused with {@code twice} (which value counts would be a guess, and another server on the
     * way may guess otherwise).
     */
    static String single(HttpServletRequest request, String name, Problem twice, String securityReason)
            throws RejectedRequest {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String value = values.nextElement();
        if (values.hasMoreElements()) {
            throw new RejectedRequest(twice, securityReason);
        }
        return value;
    }

    /** The {@code Idempotency-Key}: one header of 1 to 255 visible ASCII characters. */
    Optional<String> idempotencyKey(HttpServletRequest request) throws RejectedRequest {
        String key = single(request, IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_TWICE, "duplicate_idempotency_key");
        if (key == null) {
            return Optional.empty();
        }
        if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw new RejectedRequest(ProblemMapping.invalidField(IDEMPOTENCY_KEY_HEADER,
                    "must be 1 to 255 visible ASCII characters"));
        }
        return Optional.of(key);
    }

    /** True for {@code application/json}, with no charset or UTF-8. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(java.util.Locale.ROOT);
            if (p.startsWith("charset=") && !p.equals("charset=utf-8") && !p.equals("charset=\"utf-8\"")) {
                return false;
            }
        }
        return true;
    }

    /** Form-decodes as UTF-8; null for a bad escape or bad UTF-8. */
    static String decodeForm(String s) {
        try {
            String decoded = URLDecoder.decode(s, StandardCharsets.UTF_8);
            return decoded.indexOf('\uFFFD') >= 0 ? null : decoded;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static RejectedRequest badPath() {
        return new RejectedRequest(ProblemMapping.badPath(), "bad_path");
    }

    static RejectedRequest tooLarge() {
        return new RejectedRequest(ProblemMapping.bodyTooLarge(), "body_too_large");
    }
}
