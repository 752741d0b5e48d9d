package com.ticketing.gateway.domain.route;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One compiled route: which requests it takes, which upstream operation serves them, and the
 * policies that apply. Built through {@link RouteDefinition}, validated there and in {@link RouteTable}.
 *
 * @param pathFields     path variable to request field (JSON name), e.g. {@code id -> eventId}
 * @param queryFields    query parameter to request field (JSON name)
 * @param queryRanges    the allowed values of integer query parameters, by parameter
 * @param jsonBody       true when the request body (JSON) becomes the request message
 * @param rateLimitClass the name of the limit class that applies (e.g. {@code public}, {@code login})
 * @param location       the {@code Location} header of a created resource, filled from reply fields
 */
public record Route(String id, HttpMethod method, PathTemplate path, RouteKind kind,
                    UpstreamOperation operation, AuthRequirement auth, String rateLimitClass,
                    CachePolicy cache, Duration deadline, int successStatus, int replayStatus,
                    boolean jsonBody, Map<String, String> pathFields, Map<String, String> queryFields,
                    Map<String, IntRange> queryRanges, IdempotencyKeyUse idempotencyKey,
                    Optional<LocationTemplate> location) {

    public Route {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(rateLimitClass, "rateLimitClass");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(location, "location");
        pathFields = Map.copyOf(pathFields);
        queryFields = Map.copyOf(queryFields);
        queryRanges = Map.copyOf(queryRanges);
        if (!queryFields.keySet().containsAll(queryRanges.keySet())) {
            throw new IllegalArgumentException(id + ": a query range names a parameter the route does not bind");
        }
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException(id + ": deadline must be positive");
        }
        if (successStatus < 200 || successStatus > 299 || replayStatus < 200 || replayStatus > 299) {
            throw new IllegalArgumentException(id + ": success statuses must be 2xx");
        }
        if (!pathFields.keySet().equals(java.util.Set.copyOf(path.variables()))) {
            throw new IllegalArgumentException(id + ": every path variable needs exactly one field binding");
        }
        if (jsonBody && (method == HttpMethod.GET || method == HttpMethod.DELETE || method == HttpMethod.HEAD)) {
            throw new IllegalArgumentException(id + ": " + method + " routes take no body");
        }
        if (jsonBody && (!pathFields.isEmpty() || !queryFields.isEmpty())) {
            // A body-bound message must not also be filled from the path: a client could then
            // set in the body a field the path is meant to decide.
            throw new IllegalArgumentException(id + ": a route binds either the body or path/query fields");
        }
        if (cache.cacheable() && (method != HttpMethod.GET || auth != AuthRequirement.PUBLIC)) {
            throw new IllegalArgumentException(id + ": only public GET routes may be cached");
        }
    }

    /**
     * Whether a {@code HEAD} of this route's path is served as this route, its answer without the body: every
     * {@code GET} but a stream's, whose answer is the stream itself.
     */
    public boolean answersHead() {
        return method == HttpMethod.GET && kind != RouteKind.STREAM;
    }

    public boolean requiresAuth() {
        return auth == AuthRequirement.BEARER;
    }
}
