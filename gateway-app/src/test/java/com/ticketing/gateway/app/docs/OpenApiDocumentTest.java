package com.ticketing.gateway.app.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.adapter.grpc.OperationRegistry;
import com.ticketing.gateway.domain.route.ApiRoutes;
import com.ticketing.gateway.domain.route.IntRange;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteTable;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OpenApiDocumentTest {

    private static final RouteTable ROUTES = ApiRoutes.v1(Duration.ofSeconds(5), Duration.ofSeconds(8));
    private static final OperationRegistry OPERATIONS = OperationRegistry.platformServices();
    /** The four operations answers beside the routes: /health, /health/detailed, /metrics, this document. */
    private static final int OPERATIONS_ENDPOINTS = 4;
    private static final String JSON = JsonMapper.builder().build().writeValueAsString(
            OpenApiDocument.of(ROUTES, OPERATIONS, new OperationsEndpoints(Optional.of("/metrics"))));
    private static final SwaggerParseResult PARSED = parse(JSON);
    private static final OpenAPI API = PARSED.getOpenAPI();

    private static SwaggerParseResult parse(String json) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(json, null, options);
    }

    private static Operation operation(String method, String path) {
        PathItem item = API.getPaths().get(path);
        assertThat(item).as(path).isNotNull();
        return item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
    }

    @Test
    void aRealOpenApiParserReadsTheDocumentAsOpenApi31WithoutAnyMessage() {
        assertThat(PARSED.getMessages()).isEmpty();
        assertThat(API.getOpenapi()).isEqualTo("3.1.0");
        assertThat(API.getServers()).singleElement().satisfies(server -> assertThat(server.getUrl()).isEqualTo("/"));
    }

    @Test
    void theDocumentedOperationsAreExactlyTheServedRoutes() {
        Set<String> documented = new HashSet<>();
        API.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, op) -> documented.add(method.name() + " " + path)));
        Set<String> served = ROUTES.routes().stream().map(r -> r.method().name() + " " + r.path())
                .collect(Collectors.toSet());
        served.addAll(Set.of("GET /health", "GET /health/detailed", "GET /metrics", "GET /api/v1/openapi.json"));

        assertThat(documented).isEqualTo(served);
    }

    @Test
    void everyOperationNamesItsParametersSecurityAndProblemsWithTheProblemSchema() {
        for (Route route : ROUTES.routes()) {
            Operation op = operation(route.method().name(), route.path().toString());
            Set<String> pathParameters = op.getParameters().stream().filter(p -> p.getIn().equals("path"))
                    .map(Parameter::getName).collect(Collectors.toSet());
            assertThat(pathParameters).as(route.id()).isEqualTo(Set.copyOf(route.path().variables()));
            assertThat(op.getResponses()).as(route.id()).containsKeys("400", "429", "503");
            assertThat(op.getResponses().get("429").getContent().get("application/problem+json").getSchema().get$ref())
                    .isEqualTo("#/components/schemas/Problem");
            assertThat(op.getResponses().get("429").getHeaders()).containsKeys("Retry-After", "RateLimit-Limit",
                    "RateLimit-Remaining", "RateLimit-Reset", "X-Request-Id");
            if (route.requiresAuth()) {
                assertThat(op.getResponses()).as(route.id()).containsKey("401");
                assertThat(op.getSecurity()).as(route.id()).anySatisfy(s -> assertThat(s).containsKey("bearerAuth"));
            } else {
                assertThat(op.getSecurity()).as(route.id()).isEmpty();
            }
        }
        assertThat(API.getComponents().getSecuritySchemes().get("bearerAuth").getScheme()).isEqualTo("bearer");
        @SuppressWarnings("unchecked")
        Schema<Object> code = (Schema<Object>) API.getComponents().getSchemas().get("Problem").getProperties().get("code");
        assertThat(code.getEnum()).contains("RATE_LIMITED", "UNAUTHENTICATED", "VALIDATION_FAILED");
    }

    @Test
    void schemasComeFromTheMessagesInCamelCase() {
        Operation create = operation("POST", "/api/v1/bookings");
        assertThat(create.getRequestBody().getContent().get("application/json").getSchema().get$ref())
                .isEqualTo("#/components/schemas/booking.CreateBookingRequest");
        assertThat(create.getResponses().get("202").getHeaders()).containsKey("Location");
        assertThat(create.getParameters()).anySatisfy(p -> assertThat(p.getName()).isEqualTo("Idempotency-Key"));
        Schema<?> booking = API.getComponents().getSchemas().get("booking.Booking");
        assertThat(booking.getProperties()).containsKeys("bookingId", "eventId", "quantity", "status", "queuePosition",
                "amountCents", "currency", "holdExpiresAt", "createdAt", "updatedAt");
        assertThat(booking.getProperties().get("status").getEnum())
                .containsExactly("QUEUED", "RESERVED", "CONFIRMED", "FAILED", "CANCELLED", "EXPIRED");
        assertThat(booking.getRequired()).as("what the transcoder always writes: every field but the optional ones")
                .containsExactlyInAnyOrder("bookingId", "eventId", "quantity", "status", "amountCents", "currency", "createdAt",
                        "updatedAt");
        assertThat(booking.getProperties().get("createdAt").getFormat()).isEqualTo("date-time");
        assertThat(booking.getProperties().get("holdExpiresAt").getFormat()).isEqualTo("date-time");
        assertThat(booking.getProperties().get("currency").getFormat()).isNull();
        assertThat(API.getComponents().getSchemas().get("booking.ListBookingsResponse").getRequired())
                .containsExactly("bookings");
        Schema<?> createBody = API.getComponents().getSchemas().get("booking.CreateBookingRequest");
        assertThat(createBody.getRequired()).containsExactlyInAnyOrder("eventId", "quantity");
        assertThat(createBody.getProperties().get("quantity").getMinimum()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(createBody.getProperties().get("quantity").getMaximum()).isEqualByComparingTo(BigDecimal.TEN);
        Schema<?> register = API.getComponents().getSchemas().get("auth.RegisterRequest");
        assertThat(register.getRequired()).containsExactlyInAnyOrder("email", "password", "firstName", "lastName");
        assertThat(register.getProperties().get("password").getMinLength()).isEqualTo(8);
        assertThat(register.getProperties().get("password").getMaxLength()).isEqualTo(128);
        assertThat(register.getProperties().get("lastName").getMaxLength()).isEqualTo(100);
        assertThat(register.getProperties().get("email").getFormat()).isEqualTo("email");

        Operation pay = operation("POST", "/api/v1/payments");
        assertThat(pay.getParameters()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("Idempotency-Key");
            assertThat(p.getRequired()).isTrue();
        });
        assertThat(pay.getResponses()).containsKeys("201", "200", "402", "409");

        Operation list = operation("GET", "/api/v1/events");
        assertThat(list.getParameters().stream().filter(p -> p.getIn().equals("query")).map(Parameter::getName))
                .containsExactlyInAnyOrder("category", "q", "page", "pageSize");
        assertThat(list.getResponses()).containsKey("304");
        assertThat(list.getResponses().get("304").getHeaders()).containsKeys("ETag", "Cache-Control", "X-Request-Id");
    }

    @Test
    void everyRuleOfTheContractLandsOnARequestBodyOfTheDocument() {
        RequestRules.FIELDS.forEach((message, fields) -> {
            Schema<?> schema = API.getComponents().getSchemas().get(message);
            assertThat(schema).as(message).isNotNull();
            assertThat(schema.getRequired()).as(message).containsExactlyInAnyOrderElementsOf(fields.keySet());
        });
    }

    @Test
    void theStreamTakesABearerTokenOrATicketAndTheTicketRouteAnswersATicket() {
        Operation stream = operation("GET", "/api/v1/bookings/{id}/stream");
        assertThat(stream.getSecurity()).hasSize(2);
        assertThat(stream.getResponses().get("200").getContent()).containsKey("text/event-stream");
        assertThat(stream.getResponses()).containsKey("204");
        assertThat(stream.getParameters()).anySatisfy(p -> assertThat(p.getName()).isEqualTo("Last-Event-ID"));
        assertThat(API.getComponents().getSecuritySchemes().get("streamTicket").getName()).isEqualTo("ticket");

        Operation ticket = operation("POST", "/api/v1/bookings/{id}/stream-ticket");
        assertThat(ticket.getResponses().get("201").getContent().get("application/json").getSchema().get$ref())
                .isEqualTo("#/components/schemas/StreamTicket");
    }

    @Test
    void operationIdsAreUniqueCamelCaseRouteIds() {
        assertThat(OpenApiDocument.operationId("bookings.streamTicket")).isEqualTo("bookingsStreamTicket");
        Set<String> ids = new HashSet<>();
        API.getPaths().values().forEach(item -> item.readOperations().forEach(op -> ids.add(op.getOperationId())));
        assertThat(ids).hasSize(ROUTES.routes().size() + OPERATIONS_ENDPOINTS);
    }

    @Test
    void loginRefreshAndTheTicketedStreamList401WithTheBearerChallenge() {
        for (String[] route : new String[][] {{"POST", "/api/v1/auth/login"}, {"POST", "/api/v1/auth/refresh"},
                {"GET", "/api/v1/bookings/{id}/stream"}}) {
            Operation op = operation(route[0], route[1]);
            assertThat(op.getResponses()).as(route[1]).containsKey("401");
            assertThat(op.getResponses().get("401").getHeaders()).as(route[1]).containsKey("WWW-Authenticate");
            assertThat(op.getResponses().get("401").getContent().get("application/problem+json").getSchema().get$ref())
                    .isEqualTo("#/components/schemas/Problem");
        }
        assertThat(operation("POST", "/api/v1/auth/login").getResponses().get("401").getDescription())
                .contains("unknown email or wrong password");
        assertThat(operation("POST", "/api/v1/auth/refresh").getResponses().get("401").getDescription())
                .contains("invalid, expired, revoked or reused");
        assertThat(operation("GET", "/api/v1/bookings/{id}/stream").getResponses().get("401").getDescription())
                .contains("stream ticket");
        assertThat(operation("POST", "/api/v1/auth/register").getResponses()).doesNotContainKey("401");
    }

    @Test
    void everyRangedQueryParameterCarriesItsRouteRangeAsMinimumAndMaximum() {
        int ranged = 0;
        for (Route route : ROUTES.routes()) {
            Operation op = operation(route.method().name(), route.path().toString());
            for (var entry : route.queryRanges().entrySet()) {
                IntRange range = entry.getValue();
                Schema<?> schema = queryParameter(op, entry.getKey()).getSchema();
                assertThat(schema.getMinimum()).as(route.id() + " " + entry.getKey())
                        .isEqualByComparingTo(BigDecimal.valueOf(range.min()));
                assertThat(schema.getMaximum()).as(route.id() + " " + entry.getKey())
                        .isEqualTo(range.max() == Long.MAX_VALUE ? null : BigDecimal.valueOf(range.max()));
                ranged++;
            }
        }
        assertThat(ranged).isEqualTo(2);
    }

    @Test
    void pageIsFromOneAndPageSizeFromOneToAHundredWithTheServicesDefaultDescribedNotDeclared() {
        Operation list = operation("GET", "/api/v1/events");
        Parameter page = queryParameter(list, "page");
        Parameter pageSize = queryParameter(list, "pageSize");

        assertThat(page.getSchema().getTypes()).containsExactly("integer");
        assertThat(page.getSchema().getMinimum()).isEqualByComparingTo("1");
        assertThat(page.getSchema().getMaximum()).isNull();
        assertThat(page.getDescription()).contains("At least 1").contains("400");
        assertThat(pageSize.getSchema().getMinimum()).isEqualByComparingTo("1");
        assertThat(pageSize.getSchema().getMaximum()).isEqualByComparingTo("100");
        assertThat(pageSize.getSchema().getDefault()).as("the service applies it, not the gateway").isNull();
        assertThat(pageSize.getDescription()).contains("From 1 to 100").contains("default: 20");
        assertThat(queryParameter(list, "category").getSchema().getMinimum()).isNull();
    }

    @Test
    void aServiceDefaultForARouteThatIsNotServedRefusesToBuildTheDocument() {
        RouteTable withoutTheList = RouteTable.of(ROUTES.routes(route -> !route.id().equals("events.list")));

        assertThatThrownBy(() -> OpenApiDocument.of(withoutTheList, OPERATIONS, new OperationsEndpoints(Optional.empty())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("events.list");
    }

    private static Parameter queryParameter(Operation op, String name) {
        return op.getParameters().stream().filter(p -> p.getIn().equals("query") && p.getName().equals(name))
                .findFirst().orElseThrow();
    }

    @Test
    void docsAreOnOutsideProductionAndOffInProductionUnlessEnabled() {
        assertThat(ApiDocsConfiguration.enabled("", false)).isTrue();
        assertThat(ApiDocsConfiguration.enabled("", true)).isFalse();
        assertThat(ApiDocsConfiguration.enabled("true", true)).isTrue();
        assertThat(ApiDocsConfiguration.enabled("false", false)).isFalse();
        assertThatThrownBy(() -> ApiDocsConfiguration.enabled("yes", false)).hasMessageContaining("API_DOCS_ENABLED");
    }

    @Test
    void theSwaggerUiPageComesFromTheWebjarAndLoadsTheDocument() {
        SwaggerUi ui = SwaggerUi.fromWebjar("/api/v1/openapi.json");

        assertThat(new String(ui.file("index.html").orElseThrow().bytes())).contains("/api/v1/openapi.json")
                .contains("swagger-ui-bundle.js");
        assertThat(ui.file("swagger-ui-bundle.js").orElseThrow().bytes().length).isGreaterThan(100_000);
        assertThat(ui.file("../application.yml")).isEmpty();
    }
}
