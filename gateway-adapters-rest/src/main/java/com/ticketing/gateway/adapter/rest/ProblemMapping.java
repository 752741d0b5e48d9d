package com.ticketing.gateway.adapter.rest;

import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.service.ApiResult;
import com.ticketing.gateway.domain.service.AuthProblem;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The one table from the domain's refusals and failures to HTTP status, problem code and
 * headers. Upstream failures follow the standard gRPC→HTTP mapping of the REST contract; a
 * service's ErrorInfo reason may name a more precise answer (sold out, payment declined).
 */
public final class ProblemMapping {

    /** Seconds a client should wait before retrying an unavailable service. */
    public static final String RETRY_AFTER_UNAVAILABLE = "5";
    /** Seconds a client should wait before retrying a request the gateway shed at capacity. */
    public static final String RETRY_AFTER_OVERLOADED = "1";

    private record Entry(int status, ProblemCode code, String defaultDetail) {
    }

    private static final Map<FailureKind, Entry> BY_KIND = new EnumMap<>(FailureKind.class);

    static {
        BY_KIND.put(FailureKind.CANCELLED, new Entry(499, ProblemCode.INTERNAL, "the request was cancelled"));
        BY_KIND.put(FailureKind.UNKNOWN, new Entry(500, ProblemCode.INTERNAL, "an upstream service failed"));
        BY_KIND.put(FailureKind.INVALID_ARGUMENT, new Entry(400, ProblemCode.VALIDATION_FAILED, "the request is invalid"));
        BY_KIND.put(FailureKind.DEADLINE_EXCEEDED, new Entry(504, ProblemCode.UPSTREAM_TIMEOUT,
                "an upstream service did not answer in time"));
        BY_KIND.put(FailureKind.NOT_FOUND, new Entry(404, ProblemCode.NOT_FOUND, "not found"));
        BY_KIND.put(FailureKind.ALREADY_EXISTS, new Entry(409, ProblemCode.CONFLICT, "already exists"));
        BY_KIND.put(FailureKind.PERMISSION_DENIED, new Entry(403, ProblemCode.FORBIDDEN, "not allowed"));
        BY_KIND.put(FailureKind.UNAUTHENTICATED, new Entry(401, ProblemCode.UNAUTHENTICATED, "not authenticated"));
        BY_KIND.put(FailureKind.RESOURCE_EXHAUSTED, new Entry(429, ProblemCode.RATE_LIMITED, "too many requests"));
        BY_KIND.put(FailureKind.FAILED_PRECONDITION, new Entry(400, ProblemCode.VALIDATION_FAILED,
                "the request cannot be served in the current state"));
        BY_KIND.put(FailureKind.ABORTED, new Entry(409, ProblemCode.CONFLICT, "the request conflicts with the current state"));
        BY_KIND.put(FailureKind.OUT_OF_RANGE, new Entry(400, ProblemCode.VALIDATION_FAILED, "a value is out of range"));
        BY_KIND.put(FailureKind.UNIMPLEMENTED, new Entry(501, ProblemCode.INTERNAL, "not implemented"));
        BY_KIND.put(FailureKind.INTERNAL, new Entry(500, ProblemCode.INTERNAL, "an upstream service failed"));
        BY_KIND.put(FailureKind.UNAVAILABLE, new Entry(503, ProblemCode.SERVICE_UNAVAILABLE,
                "a service is temporarily unavailable"));
        BY_KIND.put(FailureKind.DATA_LOSS, new Entry(500, ProblemCode.INTERNAL, "an upstream service failed"));
    }

    private static final Map<String, Entry> BY_REASON = Map.of(
            "SOLD_OUT", new Entry(409, ProblemCode.SOLD_OUT, "not enough tickets left"),
            "PAYMENT_DECLINED", new Entry(402, ProblemCode.PAYMENT_DECLINED, "the payment was declined"),
            "BOOKING_NOT_PAYABLE", new Entry(409, ProblemCode.CONFLICT, "the booking is not awaiting payment"));

    private ProblemMapping() {
    }

    /**
     * The problem for any result but {@code Success}.
     *
     * @param tokenSent whether the request carried a bearer token (for {@code WWW-Authenticate})
     */
    public static Problem toProblem(ApiResult result, boolean tokenSent) {
        return switch (result) {
            case ApiResult.Success s -> throw new IllegalArgumentException("a success is not a problem");
            case ApiResult.ServiceFailure f -> upstream(f.failure());
            case ApiResult.CircuitOpen c -> circuitOpen(c.retryAfter());
            case ApiResult.InvalidInput i when i.malformedJson() -> malformedJson(i.message());
            case ApiResult.InvalidInput i -> invalidField(i.field(), i.message());
            case ApiResult.Unauthenticated u -> unauthenticated(u.problem(), tokenSent);
            case ApiResult.RateLimited r -> Problem.of(429, ProblemCode.RATE_LIMITED,
                    "rate limit '" + r.limit() + "' exceeded; retry later")
                    .withHeader("Retry-After", String.valueOf(ceilSeconds(r.retryAfter())));
            case ApiResult.StoreUnavailable s ->
                    Problem.of(503, ProblemCode.SERVICE_UNAVAILABLE, "the " + s.store() + " store is unavailable")
                            .withHeader("Retry-After", "1");
        };
    }

    /**
     * The answer while a service's circuit breaker is open: nothing was sent; retry when the open
     * period ends (at least one second from now).
     */
    static Problem circuitOpen(java.time.Duration retryAfter) {
        return Problem.of(503, ProblemCode.SERVICE_UNAVAILABLE, BY_KIND.get(FailureKind.UNAVAILABLE).defaultDetail())
                .withHeader("Retry-After", String.valueOf(ceilSeconds(retryAfter)));
    }

    /** The answer for a path that names nothing the gateway serves. */
    public static Problem notFound() {
        return Problem.of(404, ProblemCode.NOT_FOUND, "no such resource");
    }

    /** The answer for a method the path's resource does not take; the caller adds {@code Allow} where it knows it. */
    public static Problem methodNotAllowed() {
        return Problem.of(405, ProblemCode.METHOD_NOT_ALLOWED, "method not allowed");
    }

    /** The answer for a body over {@code MAX_BODY_BYTES}, refused without reading it to the end. */
    static Problem bodyTooLarge() {
        return Problem.of(413, ProblemCode.PAYLOAD_TOO_LARGE, "the body is too large");
    }

    /** The answer to a request beyond the gateway's in-flight limit ({@link InFlightLimit}). */
    public static Problem overloaded() {
        return Problem.of(503, ProblemCode.SERVICE_UNAVAILABLE, "the gateway is at capacity; retry shortly")
                .withHeader("Retry-After", RETRY_AFTER_OVERLOADED);
    }

    /**
     * The answer to a request whose head or body did not arrive within its deadline
     * ({@link RequestDeadlines}); the connection is closed after it.
     */
    public static Problem requestTimeout() {
        return Problem.of(408, ProblemCode.VALIDATION_FAILED, "the request was not received in time");
    }

    /** The answer to a request the container could not parse (a malformed head). */
    static Problem malformedRequest() {
        return Problem.of(400, ProblemCode.VALIDATION_FAILED, "the request is malformed");
    }

    /** The answer for a request target too long for the container's buffer. */
    static Problem uriTooLong() {
        return Problem.of(414, ProblemCode.VALIDATION_FAILED, "the request URI is too long");
    }

    /** The answer for a request target over {@code MAX_URI_LENGTH} characters. */
    static Problem uriTooLong(int limit) {
        return Problem.of(414, ProblemCode.VALIDATION_FAILED, "the request URI is longer than " + limit + " characters");
    }

    /** The answer for a request head over the container's size limit. */
    static Problem headersTooLarge() {
        return Problem.of(431, ProblemCode.VALIDATION_FAILED, "the request headers are too large");
    }

    /** The answer for an {@code Authorization} value over {@code limit} characters. */
    static Problem credentialTooLong(int limit) {
        return Problem.of(431, ProblemCode.VALIDATION_FAILED,
                "the Authorization header is longer than " + limit + " characters");
    }

    /** The answer for a header name with an underscore (it could be read as another header behind a proxy). */
    static Problem underscoreHeader() {
        return Problem.of(400, ProblemCode.VALIDATION_FAILED, "header names must not contain underscores");
    }

    /** The answer for a request that sends more than once a header field that must come once. */
    static Problem sentTwice(String field) {
        return Problem.of(400, ProblemCode.VALIDATION_FAILED, "the " + field + " header must be sent only once");
    }

    /** The answer for a path that does not read as safe segments (dot segments, encoded slashes, controls). */
    static Problem badPath() {
        return Problem.of(400, ProblemCode.VALIDATION_FAILED, "the request path is not acceptable");
    }

    /** The answer for a query string whose percent-encoding is not UTF-8. */
    static Problem badQueryEncoding() {
        return Problem.of(400, ProblemCode.VALIDATION_FAILED, "the query string is not valid UTF-8 percent-encoding");
    }

    /** The answer for a query string holding a control character once decoded. */
    static Problem controlInQuery() {
        return Problem.of(400, ProblemCode.VALIDATION_FAILED, "the query string holds a control character");
    }

    /** The answer for a body whose {@code Content-Type} is not JSON. */
    static Problem bodyNotJson() {
        return Problem.of(415, ProblemCode.UNSUPPORTED_MEDIA_TYPE, "the body must be application/json");
    }

    /** The answer for a media type the container or Spring MVC refused. */
    static Problem unsupportedMediaType() {
        return Problem.of(415, ProblemCode.UNSUPPORTED_MEDIA_TYPE, "unsupported media type");
    }

    /** The answer for a content-encoded body: taken as sent only, never inflated (RFC 9110 §15.5.16). */
    static Problem contentEncoded() {
        return Problem.of(415, ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                        "request bodies must not be content-encoded (Content-Encoding: identity only)")
                .withHeader("Accept-Encoding", "identity");
    }

    /** The answer for a route that takes a JSON body, sent without one. */
    static Problem bodyRequired() {
        return malformedJson("a JSON body is required");
    }

    /** The answer for a body that is not UTF-8. */
    static Problem bodyNotUtf8() {
        return malformedJson("the body is not valid UTF-8");
    }

    /** A 400 for a body that does not read as the JSON a route takes. */
    static Problem malformedJson(String detail) {
        return Problem.of(400, ProblemCode.MALFORMED_JSON, detail);
    }

    /** The answer to a cross-origin preflight from an origin not in {@code CORS_ALLOWED_ORIGINS}. */
    static Problem originNotAllowed() {
        return Problem.of(403, ProblemCode.FORBIDDEN, "cross-origin requests from this origin are not allowed");
    }

    /** The answer for a request the container refused as forbidden. */
    static Problem forbidden() {
        return Problem.of(403, ProblemCode.FORBIDDEN, BY_KIND.get(FailureKind.PERMISSION_DENIED).defaultDetail());
    }

    /**
     * The answer for a method or transfer coding the container does not implement, or an HTTP version
     * it does not speak: 400, since a client's garbage must not count as the gateway failing.
     */
    static Problem notImplemented(boolean version) {
        return Problem.of(400, ProblemCode.VALIDATION_FAILED, version ? "the HTTP version is not supported"
                : "the request uses a method or transfer coding the gateway does not implement");
    }

    /** The answer for any other 4xx the container chose. */
    static Problem notAcceptable(int status) {
        return Problem.of(status, ProblemCode.VALIDATION_FAILED, "the request is not acceptable");
    }

    /** The answer when the gateway itself failed; nothing of the cause reaches the client. */
    static Problem internalError() {
        return Problem.of(500, ProblemCode.INTERNAL, "an internal error occurred");
    }

    /** Whole seconds, rounded up, at least 1: what {@code Retry-After} may say. */
    static long ceilSeconds(java.time.Duration duration) {
        long millis = duration.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /** A 400 naming one invalid field. */
    public static Problem invalidField(String field, String message) {
        String detail = field.isEmpty() ? message : field + ": " + message;
        return new Problem(400, ProblemCode.VALIDATION_FAILED, detail,
                List.of(new Problem.FieldError(field, message)), Map.of());
    }

    static Problem upstream(UpstreamOutcome.Failed failure) {
        Entry entry = BY_REASON.getOrDefault(failure.reason(), BY_KIND.get(failure.kind()));
        String detail = failure.clientMessage().isEmpty() ? entry.defaultDetail() : failure.clientMessage();
        Problem problem = entry.code() == ProblemCode.VALIDATION_FAILED ? validation(entry, detail, failure.violations())
                : Problem.of(entry.status(), entry.code(), detail);
        return switch (failure.kind()) {
            case UNAVAILABLE -> problem.withHeader("Retry-After", RETRY_AFTER_UNAVAILABLE);
            case UNAUTHENTICATED -> problem.withHeader("WWW-Authenticate", "Bearer");
            default -> problem;
        };
    }

    /**
     * The fields a service named invalid become one {@code errors} entry each. A service that names
     * none in its status details may still write "field: message": that field becomes the entry.
     */
    private static Problem validation(Entry entry, String detail, List<UpstreamOutcome.FieldViolation> violations) {
        if (!violations.isEmpty()) {
            return new Problem(entry.status(), entry.code(), detail, violations.stream()
                    .map(violation -> new Problem.FieldError(violation.field(), violation.message())).toList(), Map.of());
        }
        int colon = detail.indexOf(": ");
        if (colon > 0 && detail.substring(0, colon).matches("[A-Za-z][A-Za-z0-9.]*")) {
            return new Problem(entry.status(), entry.code(), detail, List.of(
                    new Problem.FieldError(detail.substring(0, colon), detail.substring(colon + 2))), Map.of());
        }
        return Problem.of(entry.status(), entry.code(), detail);
    }

    /** A refused stream ticket is a credential that was sent, like a refused bearer token: {@code invalid_token}. */
    private static Problem unauthenticated(AuthProblem problem, boolean tokenSent) {
        String challenge = tokenSent || problem == AuthProblem.INVALID_STREAM_TICKET ? "Bearer error=\"invalid_token\""
                : "Bearer";
        Problem answer = switch (problem) {
            case MISSING_TOKEN -> Problem.of(401, ProblemCode.UNAUTHENTICATED, "a bearer token is required");
            case INVALID_TOKEN -> Problem.of(401, ProblemCode.UNAUTHENTICATED, "the token is invalid");
            case TOKEN_EXPIRED -> Problem.of(401, ProblemCode.TOKEN_EXPIRED, "the token has expired");
            case SESSION_REVOKED -> Problem.of(401, ProblemCode.UNAUTHENTICATED, "the session has ended");
            case TOKEN_REUSED -> Problem.of(401, ProblemCode.UNAUTHENTICATED,
                    "the refresh token was already used; the session has been revoked");
            case INVALID_STREAM_TICKET -> Problem.of(401, ProblemCode.UNAUTHENTICATED,
                    "the stream ticket is unknown, expired, for another booking, or its session has ended");
        };
        return answer.withHeader("WWW-Authenticate", challenge);
    }
}
