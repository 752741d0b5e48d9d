package com.ticketing.gateway.adapter.rest;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One RFC 9457 problem answer, with the headers that belong to it (e.g. {@code WWW-Authenticate},
 * {@code Retry-After}, {@code Allow}).
 */
public record Problem(int status, ProblemCode code, String detail, List<FieldError> errors,
                      Map<String, String> headers) {

    /** One invalid field of a request. */
    public record FieldError(String field, String message) {
    }

    public Problem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
        errors = List.copyOf(errors);
        headers = Map.copyOf(headers);
    }

    public static Problem of(int status, ProblemCode code, String detail) {
        return new Problem(status, code, detail, List.of(), Map.of());
    }

    public Problem withHeader(String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(headers);
        more.put(name, value);
        return new Problem(status, code, detail, errors, more);
    }
}
