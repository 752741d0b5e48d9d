package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The documented refusals of REST.md, each as problem+json, against the real stack. */
class ApiErrorsIT {

    private static Stack stack;
    private static Http http;

    @BeforeAll
    static void start() {
        stack = Stack.start();
        http = stack.http;
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static void assertProblem(Http.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("requestId").asString()).isEqualTo(answer.header("X-Request-Id"));
        assertThat(problem.get("type").asString()).isNotBlank();
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at com.");
    }

    private static String reservedBooking(Users.LoggedIn user) {
        JsonNode events = http.get("/api/v1/events?pageSize=100", null).json().get("events");
        String eventId = null;
        for (JsonNode e : events) {
            if (e.get("availableTickets").asInt() >= 100) {
                eventId = e.get("id").asString();
                break;
            }
        }
        String bookingId = http.post("/api/v1/bookings", user.accessToken(),
                "{\"eventId\":\"" + eventId + "\",\"quantity\":1}").json().get("bookingId").asString();
        http.events("/api/v1/bookings/" + bookingId + "/stream", user.accessToken(),
                b -> b.get("status").asString().equals("RESERVED"));
        return bookingId;
    }

    @Test
    void duplicateRegistrationIs409() {
        String email = Users.newEmail();
        assertThat(http.post("/api/v1/auth/register", null, Users.registerBody(email)).status()).isEqualTo(201);

        assertProblem(http.post("/api/v1/auth/register", null, Users.registerBody(email)), 409, "CONFLICT");
    }

    @Test
    void invalidRegistrationNamesTheField() {
        Http.Answer answer = http.post("/api/v1/auth/register", null,
                "{\"email\":\"not-an-email\",\"password\":\"long-enough-1\",\"firstName\":\"A\",\"lastName\":\"B\"}");

        assertProblem(answer, 400, "VALIDATION_FAILED");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("email");
    }

    @Test
    void everyInvalidFieldOfARegistrationHasAnEntryOfItsOwn() {
        Http.Answer answer = http.post("/api/v1/auth/register", null,
                "{\"email\":\"bad\",\"password\":\"short\",\"firstName\":\"\",\"lastName\":\"x\"}");

        assertProblem(answer, 400, "VALIDATION_FAILED");
        var errors = answer.json().get("errors");
        assertThat(errors.size()).isEqualTo(3);
        assertThat(java.util.stream.IntStream.range(0, 3).mapToObj(i -> errors.get(i).get("field").asString()))
                .containsExactly("email", "password", "firstName");
        for (int i = 0; i < 3; i++) {
            assertThat(errors.get(i).get("message").asString()).isNotBlank().doesNotContain(";");
        }
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSame401() {
        Users.LoggedIn user = Users.newUser(http);

        Http.Answer wrong = http.post("/api/v1/auth/login", null, Users.loginBody(user.email(), "wrong-password-1"));
        Http.Answer unknown = http.post("/api/v1/auth/login", null, Users.loginBody(Users.newEmail(), "whatever-123"));

        assertProblem(wrong, 401, "UNAUTHENTICATED");
        assertProblem(unknown, 401, "UNAUTHENTICATED");
        assertThat(wrong.json().get("detail")).isEqualTo(unknown.json().get("detail"));
    }

    @Test
    void protectedRouteWithoutTokenIs401WithChallenge() {
        Http.Answer answer = http.get("/api/v1/bookings", null);

        assertProblem(answer, 401, "UNAUTHENTICATED");
        assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void tamperedTokenIs401InvalidToken() {
        Users.LoggedIn user = Users.newUser(http);
        String token = user.accessToken();
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];

        Http.Answer answer = http.get("/api/v1/bookings", tampered);

        assertProblem(answer, 401, "UNAUTHENTICATED");
        assertThat(answer.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    }

    @Test
    void anotherUsersBookingIs404() {
        Users.LoggedIn owner = Users.newUser(http);
        Users.LoggedIn other = Users.newUser(http);
        String bookingId = reservedBooking(owner);

        assertProblem(http.get("/api/v1/bookings/" + bookingId, other.accessToken()), 404, "NOT_FOUND");
        assertProblem(http.delete("/api/v1/bookings/" + bookingId, other.accessToken()), 404, "NOT_FOUND");
        assertProblem(http.post("/api/v1/payments", other.accessToken(),
                "{\"bookingId\":\"" + bookingId + "\",\"paymentMethodToken\":\"tok_visa\"}",
                "Idempotency-Key", UUID.randomUUID().toString()), 404, "NOT_FOUND");
        assertThat(http.get("/api/v1/bookings/" + bookingId, owner.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void wrongContentTypeIs415() {
        Http.Answer answer = http.send(http.request("/api/v1/auth/login").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertProblem(answer, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void bodyOverTheLimitIs413() {
        String huge = "{\"email\":\"" + "a".repeat(1024 * 1024 + 10) + "\"}";

        assertProblem(http.post("/api/v1/auth/register", null, huge), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(http.post("/api/v1/auth/register", null, "{\"email\": "), 400, "MALFORMED_JSON");
    }

    @Test
    void unknownFieldIs400NamingTheField() {
        Users.LoggedIn user = Users.newUser(http);

        Http.Answer answer = http.post("/api/v1/bookings", user.accessToken(),
                "{\"eventId\":\"evt-001\",\"quantity\":1,\"priceCents\":1}");

        assertProblem(answer, 400, "VALIDATION_FAILED");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("priceCents");
    }

    @Test
    void wrongTypeIs400NamingTheField() {
        Users.LoggedIn user = Users.newUser(http);

        Http.Answer answer = http.post("/api/v1/bookings", user.accessToken(),
                "{\"eventId\":\"evt-001\",\"quantity\":\"many\"}");

        assertProblem(answer, 400, "VALIDATION_FAILED");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("quantity");
    }

    @Test
    void unknownEventIs404AndUnknownPathIs404() {
        assertProblem(http.get("/api/v1/events/evt-does-not-exist", null), 404, "NOT_FOUND");
        assertProblem(http.get("/api/v1/nothing-here", null), 404, "NOT_FOUND");
        assertProblem(http.get("/favicon.ico", null), 404, "NOT_FOUND");
    }

    @Test
    void wrongMethodIs405WithAllow() {
        Http.Answer answer = http.send(http.request("/api/v1/events").method("PATCH",
                HttpRequest.BodyPublishers.noBody()).build());

        assertProblem(answer, 405, "METHOD_NOT_ALLOWED");
        assertThat(answer.header("Allow")).isEqualTo("GET, HEAD");
    }

    /** REST.md: an id is echoed only as sent; two are no acceptable id, whatever they join to. */
    @Test
    void twoRequestIdsAreReplacedByAGeneratedOne() {
        int port = Integer.parseInt(stack.gateway.getEnvironment().getProperty("local.server.port"));
        RawHttp raw = new RawHttp(port);
        for (String target : java.util.List.of("/api/v1/events/evt-001", "/api/v1/nothing-here", "/health")) {
            RawHttp.Response twice = raw.send(RawHttp.head("GET " + target + " HTTP/1.1", "Host: localhost",
                    "X-Request-Id: abc", "X-Request-Id: def", "Connection: close"));
            assertThat(twice.header("X-Request-Id")).as(target).matches("[0-9a-f-]{36}");
            RawHttp.Response once = raw.send(RawHttp.head("GET " + target + " HTTP/1.1", "Host: localhost",
                    "X-Request-Id: abc", "Connection: close"));
            assertThat(once.header("X-Request-Id")).as(target).isEqualTo("abc");
        }
        RawHttp.Response options = raw.send(RawHttp.head("OPTIONS * HTTP/1.1", "Host: localhost",
                "X-Request-Id: abc", "X-Request-Id: def", "Connection: close"));
        assertThat(options.header("X-Request-Id")).matches("[0-9a-f-]{36}");
    }

    /** RFC 9110 §9.3.2: a HEAD is the GET's answer without its body; a stream, which is all body, takes none. */
    @Test
    void headOfAGetRouteIsItsAnswerWithoutTheBody() throws java.io.IOException {
        Http.Answer get = http.get("/api/v1/events/evt-001", null);
        Http.Answer head = http.send(http.request("/api/v1/events/evt-001").HEAD().build());

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.contentType()).isEqualTo(get.contentType());
        assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
        assertThat(head.header("RateLimit-Limit")).isEqualTo(get.header("RateLimit-Limit"));
        assertThat(head.header("X-Request-Id")).isNotBlank();
        assertThat(head.header("Content-Length"))
                .isEqualTo(String.valueOf(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));

        Users.LoggedIn user = Users.newUser(http);
        Http.Answer unauthenticated = http.send(http.request("/api/v1/bookings").HEAD().build());
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(unauthenticated.body()).isEmpty();
        Http.Answer own = http.send(http.request("/api/v1/bookings").HEAD()
                .header("Authorization", "Bearer " + user.accessToken()).build());
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.contentType()).startsWith("application/json");

        Http.Answer stream = http.send(http.request("/api/v1/bookings/bk-none/stream").HEAD()
                .header("Authorization", "Bearer " + user.accessToken()).build());
        assertThat(stream.status()).isEqualTo(405);
        assertThat(stream.header("Allow")).isEqualTo("GET");

        // On the wire: no body after the HEAD's head, so the next answer on the connection starts right there.
        int port = Integer.parseInt(stack.gateway.getEnvironment().getProperty("local.server.port"));
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(RawHttp.concat(
                    RawHttp.head("HEAD /api/v1/events/evt-001 HTTP/1.1", "Host: localhost"),
                    RawHttp.head("GET /api/v1/events/evt-001 HTTP/1.1", "Host: localhost", "Connection: close")));
            String wire = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int endOfFirstHead = wire.indexOf("\r\n\r\n") + 4;
            assertThat(wire).startsWith("HTTP/1.1 200");
            assertThat(wire.substring(endOfFirstHead)).startsWith("HTTP/1.1 200").endsWith(get.body());
        }
    }

    @Test
    void traceIsAnsweredLikeAnyMethodTheResourceDoesNotTakeAndNeverEchoed() {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        root.addAppender(lines);
        try {
            traceAnswers();
        } finally {
            root.detachAppender(lines);
        }
        assertThat(lines.list).as("no error logged: nothing tried to echo the request")
                .noneMatch(line -> line.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.ERROR));
    }

    private void traceAnswers() {
        Http.Answer api = trace("/api/v1/events");
        assertProblem(api, 405, "METHOD_NOT_ALLOWED");
        assertThat(api.header("Allow")).isEqualTo("GET, HEAD");

        Http.Answer health = trace("/health");
        assertProblem(health, 405, "METHOD_NOT_ALLOWED");
        assertThat(health.header("Allow")).as("what answers GET answers HEAD").isEqualTo("GET, HEAD");

        assertProblem(trace("/api/v1/nothing-here"), 404, "NOT_FOUND");
        assertProblem(trace("/nothing-here"), 404, "NOT_FOUND");
    }

    private Http.Answer trace(String path) {
        Http.Answer answer = http.send(http.request(path).header("X-Secret-Probe", "probe-5f1c")
                .method("TRACE", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(answer.body()).doesNotContain("probe-5f1c");
        return answer;
    }

    @Test
    void paymentWithoutIdempotencyKeyIs400() {
        Users.LoggedIn user = Users.newUser(http);

        Http.Answer answer = http.post("/api/v1/payments", user.accessToken(),
                "{\"bookingId\":\"b-1\",\"paymentMethodToken\":\"tok_visa\"}");

        assertProblem(answer, 400, "VALIDATION_FAILED");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
    }

    @Test
    void paymentReplayWithTheSameKeyReturnsTheSamePayment() {
        Users.LoggedIn user = Users.newUser(http);
        String bookingId = reservedBooking(user);
        String key = UUID.randomUUID().toString();
        String body = "{\"bookingId\":\"" + bookingId + "\",\"paymentMethodToken\":\"tok_visa\"}";

        Http.Answer first = http.post("/api/v1/payments", user.accessToken(), body, "Idempotency-Key", key);
        Http.Answer replay = http.post("/api/v1/payments", user.accessToken(), body, "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("paymentId")).isEqualTo(first.json().get("paymentId"));
    }

    @Test
    void declinedCardIs402AndPayingANonReservedBookingIs409() {
        Users.LoggedIn user = Users.newUser(http);
        String bookingId = reservedBooking(user);

        assertProblem(http.post("/api/v1/payments", user.accessToken(),
                "{\"bookingId\":\"" + bookingId + "\",\"paymentMethodToken\":\"tok_declined\"}",
                "Idempotency-Key", UUID.randomUUID().toString()), 402, "PAYMENT_DECLINED");
        assertThat(http.post("/api/v1/payments", user.accessToken(),
                "{\"bookingId\":\"" + bookingId + "\",\"paymentMethodToken\":\"tok_visa\"}",
                "Idempotency-Key", UUID.randomUUID().toString()).status()).isEqualTo(201);
        assertProblem(http.post("/api/v1/payments", user.accessToken(),
                "{\"bookingId\":\"" + bookingId + "\",\"paymentMethodToken\":\"tok_visa\"}",
                "Idempotency-Key", UUID.randomUUID().toString()), 409, "CONFLICT");
    }

    @Test
    void slowPaymentTimesOutWith504AndTheRetryReturnsTheOneCharge() throws InterruptedException {
        Users.LoggedIn user = Users.newUser(http);
        String bookingId = reservedBooking(user);
        String key = UUID.randomUUID().toString();
        String body = "{\"bookingId\":\"" + bookingId + "\",\"paymentMethodToken\":\"tok_slow\"}";

        assertProblem(http.post("/api/v1/payments", user.accessToken(), body, "Idempotency-Key", key),
                504, "UPSTREAM_TIMEOUT");
        Http.Answer retry = http.post("/api/v1/payments", user.accessToken(), body, "Idempotency-Key", key);

        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.json().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(http.get("/api/v1/bookings/" + bookingId, user.accessToken()).json().get("status").asString())
                .isEqualTo("CONFIRMED");
    }

    @Test
    void theClientsTimeBudgetCapsTheUpstreamDeadline() {
        Users.LoggedIn user = Users.newUser(http);
        String bookingId = reservedBooking(user);
        String body = "{\"bookingId\":\"" + bookingId + "\",\"paymentMethodToken\":\"tok_slow\"}";

        long start = System.nanoTime();
        Http.Answer answer = http.post("/api/v1/payments", user.accessToken(), body,
                "Idempotency-Key", UUID.randomUUID().toString(), "X-Request-Timeout", "300");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertProblem(answer, 504, "UPSTREAM_TIMEOUT");
        assertThat(tookMillis).as("well under the 1.5 s payment deadline").isLessThan(1200);
        assertProblem(http.get("/api/v1/events", null, "X-Request-Timeout", "soon"), 400, "VALIDATION_FAILED");
    }

    @Test
    void aClientsShortTimeBudgetRunningOutCannotOpenTheServicesCircuit() {
        // Five infrastructure failures in a row open a circuit; a client's own X-Request-Timeout
        // running out is not one, or any client could shut a service off for everybody.
        for (int i = 0; i < 6; i++) {
            Users.LoggedIn user = Users.newUser(http);
            String body = "{\"bookingId\":\"" + reservedBooking(user) + "\",\"paymentMethodToken\":\"tok_slow\"}";
            assertProblem(http.post("/api/v1/payments", user.accessToken(), body,
                    "Idempotency-Key", UUID.randomUUID().toString(), "X-Request-Timeout", "100"), 504, "UPSTREAM_TIMEOUT");
        }

        assertThat(http.get("/health/detailed", null).json().get("circuit_breakers").get("payment-service").asString())
                .isEqualTo("closed");
        Users.LoggedIn user = Users.newUser(http);
        Http.Answer paid = http.post("/api/v1/payments", user.accessToken(),
                "{\"bookingId\":\"" + reservedBooking(user) + "\",\"paymentMethodToken\":\"tok_visa\"}",
                "Idempotency-Key", UUID.randomUUID().toString());
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
    }

    @Test
    void clientRequestIdIsEchoedAndABadOneReplaced() {
        Http.Answer echoed = http.send(http.request("/api/v1/events").header("X-Request-Id", "abc-123.X_y").GET().build());
        Http.Answer replaced = http.send(http.request("/api/v1/events").header("X-Request-Id", "bad id!").GET().build());

        assertThat(echoed.header("X-Request-Id")).isEqualTo("abc-123.X_y");
        assertThat(replaced.header("X-Request-Id")).isNotEqualTo("bad id!").matches("[A-Za-z0-9._-]{1,128}");
    }

    @Test
    void preflightFromAnAllowedOriginIs204AndOthersGetNoAllowOrigin() {
        Http.Answer allowed = http.send(http.request("/api/v1/bookings").header("Origin", "https://app.ticketing.example")
                .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        Http.Answer other = http.send(http.request("/api/v1/bookings").header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(allowed.status()).isEqualTo(204);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://app.ticketing.example");
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void healthMetricsAndDetailedHealthAnswer() {
        Http.Answer health = http.get("/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("healthy");

        Http.Answer detailed = Eventually.get(() -> http.get("/health/detailed", null),
                a -> a.json().get("status").asString().equals("healthy"));
        assertThat(detailed.status()).isEqualTo(200);
        JsonNode services = detailed.json().get("services");
        for (String service : new String[] {"auth-service", "ticket-service", "booking-service", "payment-service",
                "booking-worker"}) {
            assertThat(services.get(service).asString()).isEqualTo("healthy");
            assertThat(detailed.json().get("grpc_connections").get(service).asString()).isNotBlank();
            assertThat(detailed.json().get("circuit_breakers").get(service).asString()).isEqualTo("closed");
        }
        assertThat(detailed.json().get("dependencies").get("redis").asString()).isEqualTo("not_configured");

        http.get("/api/v1/events", null);
        Http.Answer metrics = http.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("http_server_requests_seconds").contains("jvm_memory_used_bytes")
                .contains("http_server_requests_seconds_bucket")
                .contains("gateway_grpc_client_calls_seconds_count{application=\"ticketing-gateway\",method=\"GetEvents\"")
                .contains("gateway_cache_requests_total{application=\"ticketing-gateway\",result=\"hit\"}")
                .contains("process_cpu_usage");
        assertThat(http.get("/health/liveness", null).status()).isEqualTo(200);
        assertThat(http.get("/health/readiness", null).json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void healthAnswersItsJsonWhateverTheProbeAccepts() {
        assertThat(Eventually.get(() -> http.get("/health/detailed", null), a -> a.status() == 200).status())
                .isEqualTo(200);
        for (String path : new String[] {"/health", "/health/detailed", "/health/liveness", "/health/readiness"}) {
            for (String accept : new String[] {"text/plain", "text/html", "application/xml", "*/*", "application/json"}) {
                Http.Answer answer = http.get(path, null, "Accept", accept);
                assertThat(answer.status()).as("%s with Accept: %s", path, accept).isEqualTo(200);
                assertThat(answer.header("Content-Type")).as("%s with Accept: %s", path, accept)
                        .startsWith("application/json");
                assertThat(answer.json().get("status").asString()).isNotBlank();
            }
        }
    }
}
