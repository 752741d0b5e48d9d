package com.ticketing.gateway.domain.route;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A readable, declarative way to write a route; {@link #compile()} validates it into a {@link Route}. */
public final class RouteDefinition {

    /** The deadline of a route that names none. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

    private final String id;
    private final HttpMethod method;
    private final String path;
    private RouteKind kind = RouteKind.TRANSCODE;
    private UpstreamOperation operation;
    private AuthRequirement auth = AuthRequirement.PUBLIC;
    private String rateLimitClass = "public";
    private CachePolicy cache = CachePolicy.NONE;
    private Duration deadline;
    private int successStatus = 200;
    private int replayStatus = 0;
    private boolean jsonBody;
    private final Map<String, String> pathFields = new LinkedHashMap<>();
    private final Map<String, String> queryFields = new LinkedHashMap<>();
    private final Map<String, IntRange> queryRanges = new LinkedHashMap<>();
    private IdempotencyKeyUse idempotencyKey = IdempotencyKeyUse.NONE;
    private LocationTemplate location;

    private RouteDefinition(String id, HttpMethod method, String path) {
        this.id = id;
        this.method = method;
        this.path = path;
    }

    public static RouteDefinition route(String id, HttpMethod method, String path) {
        return new RouteDefinition(id, method, path);
    }

    public RouteDefinition to(Upstream service, String rpc) {
        this.operation = new UpstreamOperation(service, rpc);
        return this;
    }

    public RouteDefinition kind(RouteKind value) {
        this.kind = value;
        return this;
    }

    /** Needs a bearer token; limited per user unless another class is named. */
    public RouteDefinition authenticated() {
        this.auth = AuthRequirement.BEARER;
        if ("public".equals(rateLimitClass)) {
            this.rateLimitClass = "user";
        }
        return this;
    }

    public RouteDefinition limit(String limitClass) {
        this.rateLimitClass = limitClass;
        return this;
    }

    public RouteDefinition cache(Duration ttl) {
        this.cache = new CachePolicy(ttl);
        return this;
    }

    public RouteDefinition deadline(Duration value) {
        this.deadline = value;
        return this;
    }

    public RouteDefinition status(int value) {
        this.successStatus = value;
        return this;
    }

    /** The status of an answer replayed from an earlier call with the same idempotency key. */
    public RouteDefinition replayStatus(int value) {
        this.replayStatus = value;
        return this;
    }

    public RouteDefinition jsonBody() {
        this.jsonBody = true;
        return this;
    }

    public RouteDefinition pathField(String variable, String field) {
        pathFields.put(variable, field);
        return this;
    }

    public RouteDefinition queryField(String parameter, String field) {
        queryFields.put(parameter, field);
        return this;
    }

    /** An integer query parameter whose values outside {@code range} are refused with 400. */
    public RouteDefinition queryField(String parameter, String field, IntRange range) {
        queryRanges.put(parameter, range);
        return queryField(parameter, field);
    }

    public RouteDefinition idempotencyKey(IdempotencyKeyUse use) {
        this.idempotencyKey = use;
        return this;
    }

    /** @param template e.g. {@code /api/v1/bookings/{bookingId}}, each variable a field of the reply */
    public RouteDefinition location(String template) {
        this.location = LocationTemplate.parse(template);
        return this;
    }

    /** The service this route calls, or null before {@link #to} is given. */
    Upstream upstreamOrNull() {
        return operation == null ? null : operation.service();
    }

    Duration deadlineOrNull() {
        return deadline;
    }

    public Route compile() {
        if (operation == null) {
            throw new IllegalArgumentException(id + ": no upstream operation");
        }
        return new Route(id, method, PathTemplate.parse(path), kind, operation, auth, rateLimitClass, cache,
                deadline == null ? DEFAULT_DEADLINE : deadline, successStatus, replayStatus == 0 ? successStatus : replayStatus, jsonBody,
                pathFields, queryFields, queryRanges, idempotencyKey, Optional.ofNullable(location));
    }
}
