package com.ticketing.gateway.app.docs;

import com.ticketing.gateway.domain.route.Upstream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.util.MimeType;

/**
 * What the gateway serves beside its route table, as OpenAPI path items and the schemas they
 * use: {@code /health} (the process itself), {@code /health/detailed} (every {@link Upstream}, its
 * channel, Redis and the circuit breakers), the Prometheus scrape where the actuator maps it, in
 * every format the actuator can write, and this document. Immutable.
 *
 * @param metricsPath the Prometheus scrape's path as the actuator maps it
 *                    ({@code management.endpoints.web.*}); empty when it is not exposed
 */
record OperationsEndpoints(Optional<String> metricsPath) {

    /** {@code HealthController}'s mappings. */
    static final String HEALTH = "/health";
    static final String HEALTH_DETAILED = "/health/detailed";

    // The values /health/detailed writes: HealthController's states, GrpcChannels.state's names
    // of a channel's connectivity, RedisStatus, CircuitBreakingBackend.states.
    private static final List<String> OVERALL = List.of("healthy", "degraded", "unhealthy");
    private static final List<String> SERVICE = List.of("healthy", "unhealthy");
    private static final List<String> CONNECTIVITY =
            List.of("connected", "connecting", "idle", "transient_failure", "shutdown");
    private static final List<String> REDIS = List.of("connected", "disconnected", "not_configured");
    private static final List<String> BREAKER = List.of("closed", "open", "half_open");

    private static final String SCHEMAS = "#/components/schemas/";
    private static final String TAG = "operations";
    private static final List<String> RATE_LIMIT_HEADERS =
            List.of("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset");

    OperationsEndpoints {
        Objects.requireNonNull(metricsPath, "metricsPath");
    }

    /** The path items, by path. */
    Map<String, Object> paths() {
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put(HEALTH, Map.of("get", operation("health", "The gateway process itself: healthy while it answers",
                Map.of("200", json("the process answers", ref("Health"), "no-store")))));
        paths.put(HEALTH_DETAILED, Map.of("get", operation("healthDetailed", "The watched state of every service "
                + "(grpc.health.v1 and its channel), Redis and the circuit breakers, read from state kept in the "
                + "background", Map.of(
                "200", json("healthy or degraded", detailedHealth(OVERALL.subList(0, 2)), "no-store"),
                "503", json("unhealthy: no service serving, or Redis configured and disconnected",
                        detailedHealth(OVERALL.subList(2, 3)), "no-store")))));
        metricsPath.ifPresent(path -> paths.put(path, Map.of("get", operation("metrics", "The Prometheus scrape: "
                + "the text exposition format 0.0.4 unless Accept asks for another", Map.of("200", scrape())))));
        // Served like the public routes, so it spends the client address's public limit (REST.md: Public)
        Map<String, Object> document = operation("openApiDocument", "This OpenAPI 3.1 description, generated from "
                + "the route table; it spends the client address's public rate limit", Map.of(
                "200", limited(json("the document", documentSchema(), "no-cache")),
                "429", rateLimited()));
        document.put("externalDocs", Map.of("description", "OpenAPI 3.1", "url", "https://spec.openapis.org/oas/v3.1.0"));
        paths.put(ApiDocsConfiguration.DOCUMENT_PATH, Map.of("get", document));
        return paths;
    }

    /** The schemas the path items name. */
    static Map<String, Object> schemas() {
        Map<String, Object> schemas = new LinkedHashMap<>();
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", enumOf(List.of("healthy")));
        health.put("timestamp", timestamp());
        schemas.put("Health", object(health, List.copyOf(health.keySet())));
        Map<String, Object> detailed = new LinkedHashMap<>();
        detailed.put("status", enumOf(OVERALL));
        detailed.put("timestamp", timestamp());
        detailed.put("services", perService(SERVICE));
        detailed.put("grpc_connections", perService(CONNECTIVITY));
        detailed.put("dependencies", object(Map.of("redis", enumOf(REDIS)), List.of("redis")));
        detailed.put("circuit_breakers", perService(BREAKER));
        schemas.put("DetailedHealth", object(detailed, List.copyOf(detailed.keySet())));
        return schemas;
    }

    private static Map<String, Object> operation(String operationId, String summary, Map<String, Object> responses) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", operationId);
        op.put("tags", List.of(TAG));
        op.put("summary", summary);
        op.put("responses", new TreeMap<>(responses));
        op.put("security", List.of());
        return op;
    }

    private static Map<String, Object> json(String description, Map<String, Object> schema, String cacheControl) {
        Map<String, Object> headers = new LinkedHashMap<>(requestId());
        headers.put("Cache-Control", Map.of("schema", Map.of("type", "string", "enum", List.of(cacheControl))));
        return Map.of("description", description, "headers", headers,
                "content", Map.of("application/json", Map.of("schema", schema)));
    }

    /** One media type per format the actuator writes, its default first. */
    private static Map<String, Object> scrape() {
        Map<String, Object> content = new LinkedHashMap<>();
        Arrays.stream(PrometheusOutputFormat.values()).sorted(Comparator.comparing(format -> !format.isDefault()))
                .map(PrometheusOutputFormat::getProducedMimeType)
                .forEach(type -> content.put(mediaType(type), "text".equals(type.getType())
                        ? Map.of("schema", Map.of("type", "string")) : Map.of()));
        return Map.of("description", "the gateway's metrics", "headers", requestId(), "content", content);
    }

    /** {@code text/plain; version=0.0.4; charset=utf-8}: the parameters in the order the format gives them. */
    static String mediaType(MimeType type) {
        StringBuilder text = new StringBuilder(type.getType()).append('/').append(type.getSubtype());
        type.getParameters().forEach((name, value) -> text.append("; ").append(name).append('=').append(value));
        return text.toString();
    }

    /** {@code DetailedHealth} with {@code status} narrowed to what this answer can say. */
    private static Map<String, Object> detailedHealth(List<String> statuses) {
        return Map.of("allOf", List.of(ref("DetailedHealth"),
                Map.of("properties", Map.of("status", enumOf(statuses)))));
    }

    private static Map<String, Object> documentSchema() {
        return Map.of("type", "object", "required", List.of("openapi", "info", "paths"),
                "properties", Map.of("openapi", Map.of("type", "string", "pattern", "^3\\.1\\.\\d+$")));
    }

    /** One property per service, by its health name, each taking one of {@code values}. */
    private static Map<String, Object> perService(List<String> values) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Upstream service : Upstream.values()) {
            properties.put(service.healthName(), enumOf(values));
        }
        Map<String, Object> schema = object(properties, List.copyOf(properties.keySet()));
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", new LinkedHashMap<>(properties));
        schema.put("required", required);
        return schema;
    }

    private static Map<String, Object> enumOf(List<String> values) {
        return Map.of("type", "string", "enum", values);
    }

    private static Map<String, Object> timestamp() {
        return Map.of("type", "string", "format", "date-time");
    }

    private static Map<String, Object> ref(String schema) {
        return Map.of("$ref", SCHEMAS + schema);
    }

    /** The answer with the {@code RateLimit-*} headers of the limit that applied. */
    private static Map<String, Object> limited(Map<String, Object> response) {
        Map<String, Object> answer = new LinkedHashMap<>(response);
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = new LinkedHashMap<>((Map<String, Object>) response.get("headers"));
        RATE_LIMIT_HEADERS.forEach(name -> headers.put(name, header(name)));
        answer.put("headers", headers);
        return answer;
    }

    /** 429 problem+json, with {@code Retry-After} and the {@code RateLimit-*} headers. */
    private static Map<String, Object> rateLimited() {
        Map<String, Object> headers = new LinkedHashMap<>(requestId());
        RATE_LIMIT_HEADERS.forEach(name -> headers.put(name, header(name)));
        headers.put("Retry-After", header("Retry-After"));
        return Map.of("description", "the client address's public limit is spent", "headers", headers,
                "content", Map.of("application/problem+json", Map.of("schema",
                        Map.of("$ref", SCHEMAS + "Problem"))));
    }

    private static Map<String, Object> header(String name) {
        return Map.of("$ref", "#/components/headers/" + name);
    }

    private static Map<String, Object> requestId() {
        return Map.of("X-Request-Id", Map.of("$ref", "#/components/headers/X-Request-Id"));
    }
}
