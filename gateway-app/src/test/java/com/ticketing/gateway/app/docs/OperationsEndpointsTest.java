package com.ticketing.gateway.app.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.adapter.grpc.OperationRegistry;
import com.ticketing.gateway.domain.route.ApiRoutes;
import com.ticketing.gateway.domain.route.RouteTable;
import com.ticketing.gateway.domain.route.Upstream;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.EndpointsSupplier;
import org.springframework.boot.actuate.endpoint.ExposableEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import tools.jackson.databind.json.JsonMapper;

class OperationsEndpointsTest {

    private static final RouteTable ROUTES = ApiRoutes.v1(Duration.ofSeconds(5), Duration.ofSeconds(8));
    private static final OperationRegistry OPERATIONS = OperationRegistry.platformServices();
    private static final SwaggerParseResult PARSED = parse(Optional.of("/metrics"));
    private static final OpenAPI API = PARSED.getOpenAPI();

    private static SwaggerParseResult parse(Optional<String> metricsPath) {
        String json = JsonMapper.builder().build().writeValueAsString(
                OpenApiDocument.of(ROUTES, OPERATIONS, new OperationsEndpoints(metricsPath)));
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(json, null, options);
    }

    private static Operation get(String path) {
        PathItem item = API.getPaths().get(path);
        assertThat(item).as(path).isNotNull();
        assertThat(item.readOperationsMap()).as(path).containsOnlyKeys(PathItem.HttpMethod.GET);
        return item.getGet();
    }

    private static Schema<?> schema(String name) {
        return API.getComponents().getSchemas().get(name);
    }

    @Test
    void theDocumentWithTheOperationsEndpointsIsStillValidOpenApi31() {
        assertThat(PARSED.getMessages()).isEmpty();
        assertThat(API.getOpenapi()).isEqualTo("3.1.0");
    }

    @Test
    void healthAnswers200WithStatusAndTimestamp() {
        ApiResponse ok = get("/health").getResponses().get("200");

        assertThat(get("/health").getResponses()).containsOnlyKeys("200");
        assertThat(ok.getContent().get("application/json").getSchema().get$ref()).isEqualTo("#/components/schemas/Health");
        assertThat(ok.getHeaders()).containsKeys("X-Request-Id", "Cache-Control");
        assertThat(schema("Health").getRequired()).containsExactlyInAnyOrder("status", "timestamp");
        assertThat(schema("Health").getProperties().get("status").getEnum()).containsExactly("healthy");
        assertThat(schema("Health").getProperties().get("timestamp").getFormat()).isEqualTo("date-time");
        assertThat(get("/health").getSecurity()).isEmpty();
    }

    @Test
    void detailedHealthAnswers200Or503WithEveryServiceChannelDependencyAndBreakerEnumerated() {
        Map<String, ApiResponse> responses = get("/health/detailed").getResponses();
        assertThat(responses).containsOnlyKeys("200", "503");
        assertThat(status(responses.get("200"))).containsExactly("healthy", "degraded");
        assertThat(status(responses.get("503"))).containsExactly("unhealthy");

        Schema<?> detailed = schema("DetailedHealth");
        assertThat(detailed.getRequired()).containsExactlyInAnyOrder("status", "timestamp", "services", "grpc_connections",
                "dependencies", "circuit_breakers");
        assertThat(detailed.getProperties().get("status").getEnum()).containsExactly("healthy", "degraded", "unhealthy");
        List<String> services = Arrays.stream(Upstream.values()).map(Upstream::healthName).toList();
        assertThat(services).containsExactly("auth-service", "ticket-service", "booking-service", "payment-service",
                "booking-worker");
        assertPerService(detailed, "services", services, "healthy", "unhealthy");
        assertPerService(detailed, "grpc_connections", services,
                "connected", "connecting", "idle", "transient_failure", "shutdown");
        assertPerService(detailed, "circuit_breakers", services, "closed", "open", "half_open");
        assertThat(enumOf(property(property(detailed, "dependencies"), "redis")))
                .containsExactly("connected", "disconnected", "not_configured");
    }

    @Test
    void metricsAnswersThePrometheusTextExpositionFirstAndTheOtherFormatsTheActuatorWrites() {
        ApiResponse ok = get("/metrics").getResponses().get("200");
        Content content = ok.getContent();

        assertThat(get("/metrics").getResponses()).containsOnlyKeys("200");
        assertThat(content.keySet()).first().isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(content.get("text/plain; version=0.0.4; charset=utf-8").getSchema().getTypes()).containsExactly("string");
        assertThat(content).containsKey("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(content).doesNotContainKey("application/json");
    }

    @Test
    void theDocumentDescribesItsOwnPath() {
        ApiResponse ok = get("/api/v1/openapi.json").getResponses().get("200");

        assertThat(ok.getContent().get("application/json").getSchema().getRequired())
                .containsExactlyInAnyOrder("openapi", "info", "paths");
        assertThat(get("/api/v1/openapi.json").getOperationId()).isEqualTo("openApiDocument");
    }

    @Test
    void theDocumentIsLimitedLikeThePublicRoutesAndSaysSo() {
        Map<String, ApiResponse> responses = get("/api/v1/openapi.json").getResponses();

        assertThat(responses).containsOnlyKeys("200", "429");
        assertThat(responses.get("200").getHeaders())
                .containsKeys("X-Request-Id", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset");
        assertThat(responses.get("429").getHeaders()).containsKeys("Retry-After", "RateLimit-Limit", "X-Request-Id");
        assertThat(responses.get("429").getContent().get("application/problem+json").getSchema().get$ref())
                .isEqualTo("#/components/schemas/Problem");
    }

    @Test
    void metricsIsWhereTheActuatorMapsThePrometheusScrapeAndLeftOutWhenItIsNotExposed() {
        EndpointsSupplier<Scrape> exposed = () -> List.of(new Scrape(EndpointId.of("prometheus"), "metrics"));
        EndpointsSupplier<Scrape> other = () -> List.of(new Scrape(EndpointId.of("health"), "health"));

        assertThat(ApiDocsConfiguration.metricsPath(new PathMappedEndpoints("", exposed))).contains("/metrics");
        assertThat(ApiDocsConfiguration.metricsPath(new PathMappedEndpoints("/actuator", exposed)))
                .contains("/actuator/metrics");
        assertThat(ApiDocsConfiguration.metricsPath(new PathMappedEndpoints("", other))).isEmpty();
        assertThat(ApiDocsConfiguration.metricsPath(null)).isEmpty();
        assertThat(parse(Optional.empty()).getOpenAPI().getPaths()).doesNotContainKey("/metrics")
                .containsKeys("/health", "/health/detailed", "/api/v1/openapi.json");
    }

    private static List<Object> status(ApiResponse response) {
        Schema<?> schema = response.getContent().get("application/json").getSchema();
        assertThat(schema.getAllOf()).hasSize(2);
        assertThat(schema.getAllOf().get(0).get$ref()).isEqualTo("#/components/schemas/DetailedHealth");
        return enumOf(property(schema.getAllOf().get(1), "status"));
    }

    private static void assertPerService(Schema<?> detailed, String property, List<String> services, String... values) {
        Schema<?> map = property(detailed, property);
        assertThat(map.getRequired()).as(property).containsExactlyInAnyOrderElementsOf(services);
        assertThat(map.getAdditionalProperties()).as(property).isEqualTo(false);
        services.forEach(service -> assertThat(enumOf(property(map, service)))
                .as(property + " " + service).containsExactly((Object[]) values));
    }

    private static List<Object> enumOf(Schema<?> schema) {
        return List.copyOf(schema.getEnum());
    }

    private static Schema<?> property(Schema<?> schema, String name) {
        return schema.getProperties().get(name);
    }

    /** An actuator endpoint as {@link PathMappedEndpoints} sees one. */
    private record Scrape(EndpointId id, String rootPath)
            implements ExposableEndpoint<WebOperation>, PathMappedEndpoint {

        @Override
        public EndpointId getEndpointId() {
            return id;
        }

        @Override
        public Access getDefaultAccess() {
            return Access.UNRESTRICTED;
        }

        @Override
        public Collection<WebOperation> getOperations() {
            return List.of();
        }

        @Override
        public String getRootPath() {
            return rootPath;
        }
    }
}
