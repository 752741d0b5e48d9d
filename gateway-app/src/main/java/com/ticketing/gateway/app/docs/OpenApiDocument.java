package com.ticketing.gateway.app.docs;

import com.ticketing.gateway.adapter.grpc.GrpcOperation;
import com.ticketing.gateway.adapter.grpc.OperationRegistry;
import com.ticketing.gateway.adapter.rest.ProblemCode;
import com.ticketing.gateway.domain.route.IdempotencyKeyUse;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteKind;
import com.ticketing.gateway.domain.route.RouteTable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI 3.1 description of what the gateway serves, generated once at start-up from the
 * route table and the services' proto descriptors: every route with its path and query
 * parameters, its request and response schemas (the messages, in their REST JSON form), the
 * problems it can answer, the bearer scheme (and the stream ticket on the status stream), the
 * {@code Idempotency-Key} and rate-limit headers; beside them the operations endpoints
 * ({@link OperationsEndpoints}). Immutable once built.
 */
public final class OpenApiDocument {

    private static final String PROBLEM = "#/components/schemas/Problem";
    private static final String HEADERS = "#/components/headers/";

    private OpenApiDocument() {
    }

    /** The document as JSON-ready maps and lists. */
    public static Map<String, Object> of(RouteTable routes, OperationRegistry operations,
                                         OperationsEndpoints operationsEndpoints) {
        QueryParameters.requireServiceDefaultsBound(routes);
        MessageSchemas schemas = new MessageSchemas();
        Map<String, Object> paths = new TreeMap<>(operationsEndpoints.paths());
        for (Route route : routes.routes()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(route.path().toString(),
                    p -> new LinkedHashMap<String, Object>());
            item.put(route.method().name().toLowerCase(java.util.Locale.ROOT),
                    operation(route, operations.require(route.operation()), schemas));
        }
        Map<String, Object> components = new LinkedHashMap<>();
        Map<String, Object> componentSchemas = new LinkedHashMap<>(schemas.components());
        componentSchemas.putAll(OperationsEndpoints.schemas());
        componentSchemas.put("Problem", problemSchema());
        componentSchemas.put("StreamTicket", object(Map.of(
                "ticket", Map.of("type", "string", "description", "opens this booking's status stream only"),
                "expiresIn", Map.of("type", "integer", "description", "seconds the ticket stays valid"))));
        components.put("schemas", componentSchemas);
        components.put("headers", headers());
        components.put("securitySchemes", Map.of(
                "bearerAuth", Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT",
                        "description", "the accessToken of login or refresh"),
                "streamTicket", Map.of("type", "apiKey", "in", "query", "name", "ticket",
                        "description", "a ticket from POST /api/v1/bookings/{id}/stream-ticket; for the status "
                                + "stream only (EventSource cannot send Authorization)")));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", "3.1.0");
        document.put("info", Map.of("title", "Ticketing API gateway", "version", "v1",
                "description", "The public REST contract v1: JSON in camelCase, problems as application/problem+json "
                        + "(RFC 9457). Generated from the gateway's route table and the services' proto contracts."));
        document.put("servers", List.of(Map.of("url", "/", "description", "this gateway")));
        document.put("paths", paths);
        document.put("components", components);
        return document;
    }

    private static Map<String, Object> operation(Route route, GrpcOperation rpc, MessageSchemas schemas) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", operationId(route.id()));
        op.put("tags", List.of(tag(route)));
        op.put("summary", route.id());
        op.put("description", "Served by " + route.operation() + ".");
        List<Object> parameters = new java.util.ArrayList<>();
        route.pathFields().forEach((variable, field) -> parameters.add(parameter(variable, "path", true,
                schemas.field(rpc.request().require(field)), null)));
        route.queryFields().forEach((name, field) -> parameters.add(parameter(name, "query", false,
                QueryParameters.schema(route, name, schemas.field(rpc.request().require(field))),
                QueryParameters.description(route, name).orElse(null))));
        if (route.kind() == RouteKind.STREAM) {
            parameters.add(parameter("Last-Event-ID", "header", false, Map.of("type", "string"),
                    "the id of the last event seen: a reconnect gets only newer states, or 204 after the final one"));
        }
        if (route.idempotencyKey() != IdempotencyKeyUse.NONE) {
            parameters.add(parameter("Idempotency-Key", "header", route.idempotencyKey() == IdempotencyKeyUse.REQUIRED,
                    Map.of("type", "string", "minLength", 1, "maxLength", 255),
                    "the same key with the same body answers the same result, never a second one"));
        }
        if (route.cache().cacheable()) {
            parameters.add(parameter("If-None-Match", "header", false, Map.of("type", "string"), "an ETag: 304 when unchanged"));
        }
        parameters.add(parameter("X-Request-Id", "header", false,
                Map.of("type", "string", "maxLength", 128, "pattern", "^[A-Za-z0-9._-]+$"), "echoed; generated when absent"));
        parameters.add(parameter("X-Request-Timeout", "header", false,
                Map.of("type", "integer", "minimum", 1, "maximum", 600000), "milliseconds the client will wait"));
        op.put("parameters", parameters);
        if (route.jsonBody()) {
            op.put("requestBody", Map.of("required", true, "content",
                    Map.of("application/json", Map.of("schema", schemas.request(rpc.request().prototype().getDescriptorForType())))));
        }
        op.put("responses", responses(route, rpc, schemas));
        op.put("security", route.kind() == RouteKind.STREAM
                ? List.of(Map.of("bearerAuth", List.of()), Map.of("streamTicket", List.of()))
                : route.requiresAuth() ? List.of(Map.of("bearerAuth", List.of())) : List.of());
        return op;
    }

    private static Map<String, Object> responses(Route route, GrpcOperation rpc, MessageSchemas schemas) {
        Map<String, Object> responses = new TreeMap<>();
        Map<String, Object> reply = schemas.reply(rpc.reply().prototype().getDescriptorForType());
        Map<String, Object> headers = new LinkedHashMap<>(standardHeaders());
        route.location().ifPresent(template -> headers.put("Location", Map.of("description",
                "the created resource, relative (" + template + "): resolve it against the API base",
                "schema", Map.of("type", "string"))));
        if (route.cache().cacheable()) {
            headers.put("ETag", ref("ETag"));
            headers.put("Cache-Control", Map.of("schema", Map.of("type", "string")));
            headers.put("X-Cache", ref("X-Cache"));
            // RFC 9110 §15.4.5: a 304 carries the ETag and Cache-Control its 200 would have
            Map<String, Object> notModified = new LinkedHashMap<>(standardHeaders());
            notModified.put("ETag", ref("ETag"));
            notModified.put("Cache-Control", Map.of("schema", Map.of("type", "string")));
            responses.put("304", Map.of("description", "not modified", "headers", notModified));
        }
        switch (route.kind()) {
            case STREAM -> {
                responses.put("200", Map.of("description", "text/event-stream: one default-type event per state "
                        + "(id, data = the JSON below; retry on the first); problems as events named 'problem'",
                        "headers", headers, "content", Map.of("text/event-stream", Map.of("schema", reply))));
                responses.put("204", Map.of("description", "the final state was already delivered (Last-Event-ID)",
                        "headers", standardHeaders()));
            }
            case STREAM_TICKET -> responses.put(String.valueOf(route.successStatus()), Map.of("description",
                    "a ticket for this booking's status stream", "headers", headers, "content", Map.of(
                            "application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/StreamTicket")))));
            default -> {
                if (route.successStatus() == 204) {
                    responses.put("204", Map.of("description", "done", "headers", headers));
                } else {
                    Map<String, Object> success = Map.of("description", "success", "headers", headers,
                            "content", Map.of("application/json", Map.of("schema", reply)));
                    responses.put(String.valueOf(route.successStatus()), success);
                    if (route.replayStatus() != route.successStatus()) {
                        responses.put(String.valueOf(route.replayStatus()), Map.of("description",
                                "the earlier result for the same Idempotency-Key", "headers", headers,
                                "content", Map.of("application/json", Map.of("schema", reply))));
                    }
                }
            }
        }
        for (int status : problemStatuses(route)) {
            responses.put(String.valueOf(status), problem(route, status));
        }
        return responses;
    }

    /** The problems a route can answer, as REST.md documents them. */
    private static List<Integer> problemStatuses(Route route) {
        List<Integer> statuses = new java.util.ArrayList<>(List.of(400, 429, 500, 503, 504));
        if (answersUnauthenticated(route)) {
            statuses.add(401);
        }
        if (route.jsonBody()) {
            statuses.addAll(List.of(413, 415));
        }
        if (!route.pathFields().isEmpty() || route.requiresAuth()) {
            statuses.add(404);
        }
        if (route.idempotencyKey() != IdempotencyKeyUse.NONE || route.id().equals("auth.register")) {
            statuses.add(409);
        }
        if (route.operation().service() == com.ticketing.gateway.domain.route.Upstream.PAYMENT && route.jsonBody()) {
            statuses.add(402);
        }
        return statuses;
    }

    /**
     * Whether a route can answer 401: a bearer route refuses its token (the status stream its
     * ticket too), login the credentials, refresh the refresh token.
     */
    private static boolean answersUnauthenticated(Route route) {
        return route.requiresAuth() || switch (route.kind()) {
            case LOGIN, REFRESH -> true;
            case TRANSCODE, STREAM, LOGOUT, STREAM_TICKET -> false;
        };
    }

    private static Map<String, Object> problem(Route route, int status) {
        Map<String, Object> headers = new LinkedHashMap<>(standardHeaders());
        if (status == 401) {
            headers.put("WWW-Authenticate", Map.of("description", "Bearer (with error=\"invalid_token\" when a "
                    + "token was sent)", "schema", Map.of("type", "string")));
        }
        if (status == 429 || status == 503) {
            headers.put("Retry-After", ref("Retry-After"));
        }
        String description = status == 401 ? unauthenticated(route) : "problem (" + status + ")";
        return Map.of("description", description, "headers", headers,
                "content", Map.of("application/problem+json", Map.of("schema", Map.of("$ref", PROBLEM))));
    }

    private static String unauthenticated(Route route) {
        return switch (route.kind()) {
            case LOGIN -> "unknown email or wrong password: one and the same answer for both";
            case REFRESH -> "the refresh token is invalid, expired, revoked or reused (a reuse revokes the session)";
            case STREAM -> "no valid bearer token, or a stream ticket that is unknown, expired, for another booking "
                    + "or of an ended session";
            case TRANSCODE, LOGOUT, STREAM_TICKET -> "the bearer token is missing, invalid or expired, or its session "
                    + "has ended";
        };
    }

    private static Map<String, Object> standardHeaders() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("X-Request-Id", ref("X-Request-Id"));
        headers.put("RateLimit-Limit", ref("RateLimit-Limit"));
        headers.put("RateLimit-Remaining", ref("RateLimit-Remaining"));
        headers.put("RateLimit-Reset", ref("RateLimit-Reset"));
        return headers;
    }

    private static Map<String, Object> headers() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("X-Request-Id", header("string", "the request's id (the client's when acceptable)"));
        headers.put("RateLimit-Limit", header("integer", "requests allowed per window by the limit that applied"));
        headers.put("RateLimit-Remaining", header("integer", "requests left in the window"));
        headers.put("RateLimit-Reset", header("integer", "seconds until the limit is fully available again"));
        headers.put("Retry-After", header("integer", "seconds to wait before retrying"));
        headers.put("ETag", header("string", "weak entity tag of the answer"));
        headers.put("X-Cache", header("string", "STALE when an expired copy is served while the service is unavailable"));
        return headers;
    }

    private static Map<String, Object> header(String type, String description) {
        return Map.of("description", description, "schema", Map.of("type", type));
    }

    private static Map<String, Object> ref(String header) {
        return Map.of("$ref", HEADERS + header);
    }

    private static Map<String, Object> parameter(String name, String in, boolean required, Map<String, Object> schema,
                                                 String description) {
        Map<String, Object> parameter = new LinkedHashMap<>();
        parameter.put("name", name);
        parameter.put("in", in);
        parameter.put("required", required);
        parameter.put("schema", schema);
        if (description != null) {
            parameter.put("description", description);
        }
        return parameter;
    }

    private static Map<String, Object> problemSchema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("type", Map.of("type", "string", "format", "uri"));
        properties.put("title", Map.of("type", "string"));
        properties.put("status", Map.of("type", "integer"));
        properties.put("detail", Map.of("type", "string"));
        properties.put("instance", Map.of("type", "string"));
        properties.put("code", Map.of("type", "string", "enum", Arrays.stream(ProblemCode.values()).map(Enum::name).toList()));
        properties.put("requestId", Map.of("type", "string"));
        properties.put("errors", Map.of("type", "array", "items", object(Map.of("field", Map.of("type", "string"),
                "message", Map.of("type", "string")))));
        Map<String, Object> schema = object(properties);
        schema.put("required", List.of("type", "title", "status", "detail", "instance", "code", "requestId"));
        return schema;
    }

    private static Map<String, Object> object(Map<String, Object> properties) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", new LinkedHashMap<>(properties));
        return schema;
    }

    /** {@code bookings.streamTicket} → {@code bookingsStreamTicket}. */
    static String operationId(String routeId) {
        StringBuilder id = new StringBuilder();
        boolean upper = false;
        for (char c : routeId.toCharArray()) {
            if (c == '.') {
                upper = true;
            } else {
                id.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return id.toString();
    }

    /** The first path segment after the version: {@code auth}, {@code events}, {@code bookings}… */
    private static String tag(Route route) {
        String[] segments = route.path().toString().split("/");
        return segments.length > 3 ? segments[3] : "api";
    }
}
