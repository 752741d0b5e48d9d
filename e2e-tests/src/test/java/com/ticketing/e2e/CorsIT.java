package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.stub.StubService;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CORS is decided first: every answer to an allowed origin — successes, 304, each problem the
 * gateway produces whatever refused the request, and the container's own error pages — carries
 * {@code Access-Control-Allow-Origin} and {@code Vary: Origin}, over real HTTP; another origin
 * gets none.
 */
class CorsIT {

    private static final String APP = "http://localhost:5173";
    private static final String EVIL = "http://evil.example";
    private static final int LOGIN_LIMIT = 3;
    private static Stack stack;
    private static Http http;
    private static RawHttp raw;

    @BeforeAll
    static void start() {
        stack = Stack.start(Map.of("CORS_ALLOWED_ORIGINS", APP + ",https://app.ticketing.example",
                "RATE_LIMIT_LOGIN_MAX_REQUESTS", String.valueOf(LOGIN_LIMIT), "MAX_IN_FLIGHT_REQUESTS", "2",
                "CORS_MAX_AGE_SECONDS", "120", "SERVER_BODY_TIMEOUT_MS", "1000"));
        http = stack.http;
        raw = new RawHttp(Integer.parseInt(stack.gateway.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static void assertReadable(String what, int status, Http.Answer answer) {
        assertThat(answer.status()).as(what + ": " + answer.body()).isEqualTo(status);
        assertThat(answer.header("Access-Control-Allow-Origin")).as(what).isEqualTo(APP);
        assertThat(answer.headers().allValues("Vary")).as(what).anyMatch(v -> v.toLowerCase(java.util.Locale.ROOT).contains("origin"));
        assertThat(answer.header("Access-Control-Expose-Headers")).as(what)
                .contains("Retry-After", "RateLimit-Remaining", "WWW-Authenticate", "X-Request-Id", "Allow");
        if (status >= 400) {
            assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
            assertThat(answer.json().get("status").asInt()).as(what).isEqualTo(status);
        }
    }

    private static HttpRequest.Builder from(String origin, String path) {
        return http.request(path).header("Origin", origin);
    }

    @Test
    void everyRefusalTheGatewayMakesIsReadableByAnAllowedOrigin() {
        assertReadable("credentials in the query", 400,
                http.send(from(APP, "/api/v1/events?access_token=abc").GET().build()));
        Http.Answer unauthenticated = http.send(from(APP, "/api/v1/bookings").GET().build());
        assertReadable("no token", 401, unauthenticated);
        assertThat(unauthenticated.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertReadable("unknown API path", 404, http.send(from(APP, "/api/v1/nothing-here").GET().build()));
        assertReadable("unknown path outside the API (error dispatch)", 404,
                http.send(from(APP, "/nothing-here").GET().build()));
        Http.Answer wrongMethod = http.send(from(APP, "/api/v1/events").DELETE().build());
        assertReadable("wrong method", 405, wrongMethod);
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET, HEAD");
        assertReadable("body too large", 413, http.send(from(APP, "/api/v1/auth/login")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024])).build()));
        assertReadable("URI too long", 414, http.send(from(APP, "/api/v1/events?q=" + "a".repeat(5000)).GET().build()));
        assertReadable("not JSON", 415, http.send(from(APP, "/api/v1/auth/login").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build()));
        assertReadable("credential too long", 431, http.send(from(APP, "/api/v1/bookings")
                .header("Authorization", "Bearer " + "a".repeat(9000)).GET().build()));
    }

    @Test
    void rateLimitRefusalsExposeRetryAfterAndTheLimitHeaders() {
        Http.Answer last = null;
        for (int i = 0; i <= LOGIN_LIMIT; i++) {
            last = http.send(from(APP, "/api/v1/auth/login").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Users.loginBody(Users.newEmail(), "wrong-password-1")))
                    .build());
        }

        assertReadable("rate limited", 429, last);
        assertThat(last.header("Retry-After")).isNotBlank();
        assertThat(last.header("RateLimit-Remaining")).isEqualTo("0");
    }

    /** Refusals Tomcat writes itself once it has read the {@code Origin} header. */
    @Test
    void aBodyTooSlowToArriveGets408ReadableByAnAllowedOrigin() {
        RawHttp.Dripped dripped = raw.drip(RawHttp.head("POST /api/v1/auth/login HTTP/1.1", "Host: localhost",
                "Origin: " + APP, "Content-Type: application/json", "Content-Length: 1000"),
                "{".getBytes(java.nio.charset.StandardCharsets.US_ASCII), java.time.Duration.ofMillis(200), 100);

        assertThat(dripped.response()).isNotNull();
        assertThat(dripped.response().status()).isEqualTo(408);
        assertThat(dripped.response().header("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(dripped.response().header("Vary")).contains("Origin");
        assertThat(dripped.response().header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void aRequestLineTooLongOrUnparsableIsRefusedReadablyToo() {
        assertReadable("URI longer than the head's buffer", 414,
                http.send(from(APP, "/api/v1/events?q=" + "a".repeat(20_000)).GET().build()));
        assertReadable("URI far longer than the head's buffer", 414,
                http.send(from(APP, "/api/v1/events?q=" + "a".repeat(40_000)).GET().build()));
        // A browser's URL may be up to 2 MB (Chromium), and its Origin comes after the page's own fields
        assertReadable("URI of 300 KB", 414,
                http.send(from(APP, "/api/v1/events?q=" + "a".repeat(300_000)).GET().build()));
        RawHttp.Response bigFieldFirst = raw.send(RawHttp.head("GET /api/v1/user/profile HTTP/1.1", "Host: localhost",
                "Authorization: Bearer " + "t".repeat(100_000), "X-Request-Id: big-field-1", "Origin: " + APP,
                "Connection: close"));
        assertThat(bigFieldFirst.status()).as(bigFieldFirst.body()).isEqualTo(431);
        assertThat(bigFieldFirst.header("Content-Type")).startsWith("application/problem+json");
        assertThat(bigFieldFirst.header("Access-Control-Allow-Origin")).as(bigFieldFirst.body()).isEqualTo(APP);
        assertThat(bigFieldFirst.header("X-Request-Id")).isEqualTo("big-field-1");

        RawHttp.Response backslash = raw.send(RawHttp.head("GET /api/v1\\events HTTP/1.1", "Host: localhost",
                "Origin: " + APP, "Connection: close"));
        RawHttp.Response rawByte = raw.send(RawHttp.head("GET /api/v1/events/\u00e9 HTTP/1.1", "Host: localhost",
                "Origin: " + APP, "Connection: close")); // one byte 0xE9 in the request target
        RawHttp.Response otherOrigin = raw.send(RawHttp.head("GET /api/v1/events?q=" + "a".repeat(20_000) + " HTTP/1.1",
                "Host: localhost", "Origin: " + EVIL, "Connection: close"));

        for (RawHttp.Response answer : List.of(backslash, rawByte)) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.header("Access-Control-Allow-Origin")).as(answer.body()).isEqualTo(APP);
        }
        assertThat(otherOrigin.status()).isEqualTo(414);
        assertThat(otherOrigin.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void theContainersOwnErrorPagesAreReadableToo() {
        RawHttp.Response badHeader = raw.send(RawHttp.head("GET /api/v1/events HTTP/1.1", "Host: localhost",
                "Origin: " + APP, "X-Bad: a\u0001b", "Connection: close"));
        RawHttp.Response hugeHeader = raw.send(RawHttp.head("GET /api/v1/events HTTP/1.1", "Host: localhost",
                "Origin: " + APP, "X-Big: " + "b".repeat(20_000), "Connection: close"));

        for (RawHttp.Response answer : List.of(badHeader, hugeHeader)) {
            assertThat(answer.status()).as(answer.body()).isBetween(400, 499);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.header("Access-Control-Allow-Origin")).as(answer.body()).isEqualTo(APP);
        }
    }

    @Test
    void theServersOwnOptionsAnswerCarriesWhatEveryAnswerCarries() throws Exception {
        String id = "options-star-1";
        try (Socket socket = new Socket("localhost", raw.port())) {
            socket.setSoTimeout(15_000);
            // Two requests on one connection: the answer to OPTIONS * keeps it open for the next.
            socket.getOutputStream().write(RawHttp.concat(
                    RawHttp.head("OPTIONS * HTTP/1.1", "Host: localhost", "Origin: " + APP, "X-Request-Id: " + id),
                    RawHttp.head("GET /health HTTP/1.1", "Host: localhost", "Connection: close")));
            socket.getOutputStream().flush();
            RawHttp.Response options = RawHttp.read(socket.getInputStream());
            RawHttp.Response next = RawHttp.read(socket.getInputStream());

            assertThat(options.status()).isEqualTo(200);
            assertThat(options.header("Allow")).isEqualTo("GET, HEAD, POST, PUT, DELETE, OPTIONS");
            assertThat(options.header("Content-Length")).isEqualTo("0");
            assertThat(options.header("X-Request-Id")).isEqualTo(id);
            assertThat(options.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(options.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(options.header("Access-Control-Allow-Origin")).isEqualTo(APP);
            assertThat(options.header("Vary")).isEqualTo("Origin");
            assertThat(options.header("Access-Control-Expose-Headers")).contains("X-Request-Id", "Allow");
            assertThat(next.status()).isEqualTo(200);
        }

        RawHttp.Response evil = raw.send(RawHttp.head("OPTIONS * HTTP/1.1", "Host: localhost", "Origin: " + EVIL,
                "X-Request-Id: not acceptable", "Connection: close"));
        assertThat(evil.status()).isEqualTo(200);
        assertThat(evil.header("Access-Control-Allow-Origin")).isNull();
        assertThat(evil.header("Vary")).isEqualTo("Origin");
        assertThat(evil.header("X-Request-Id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void successesAndNotModifiedAreReadableAndExposeTheirHeaders() {
        Http.Answer events = http.send(from(APP, "/api/v1/events").GET().build());
        assertReadable("event list", 200, events);
        assertThat(events.header("Access-Control-Expose-Headers")).contains("ETag", "X-Cache", "Location");

        Http.Answer notModified = http.send(from(APP, "/api/v1/events").header("If-None-Match", events.header("ETag"))
                .GET().build());
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.header("Access-Control-Allow-Origin")).isEqualTo(APP);

        // Cacheable and public: the answer to a request without Origin (a navigation) must not be reused, by the
        // browser's cache or a shared one, for the page's CORS request, which needs Access-Control-Allow-Origin.
        Http.Answer navigation = http.send(http.request("/api/v1/events").GET().build());
        assertThat(navigation.header("Cache-Control")).contains("public");
        assertThat(navigation.header("Access-Control-Allow-Origin")).isNull();
        assertThat(navigation.headers().allValues("Vary")).anyMatch(v -> v.toLowerCase(java.util.Locale.ROOT).contains("origin"));
    }

    @Test
    void preflightAllowsTheContractsRequestHeadersAndOtherOriginsGetNothing() {
        Http.Answer allowed = http.send(from(APP, "/api/v1/bookings").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,traceparent,tracestate,last-event-id")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(allowed.status()).isEqualTo(204);
        assertThat(allowed.header("Access-Control-Allow-Headers")).contains("traceparent", "tracestate", "Last-Event-ID",
                "Idempotency-Key", "X-Request-Timeout", "If-None-Match");
        assertThat(allowed.header("Access-Control-Max-Age")).isEqualTo("120");
        assertThat(allowed.header("Access-Control-Allow-Credentials")).isNull();

        for (Http.Answer answer : List.of(
                http.send(from(EVIL, "/api/v1/events").GET().build()),
                http.send(from(EVIL, "/api/v1/bookings").GET().build()),
                http.send(from(EVIL, "/api/v1/events").header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("x")).build()))) {
            assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
            assertThat(answer.header("Access-Control-Expose-Headers")).isNull();
        }
    }

    @Test
    void theInFlightCapsAndDeadlinesRefusalsAreReadable() throws Exception {
        for (int instance = 0; instance < stack.stubs.config().instancesPerService(); instance++) {
            stack.stubs.setLatency(StubService.TICKET, instance, Duration.ofMillis(2500));
        }
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Http.Answer timedOut = http.send(from(APP, "/api/v1/events/evt-001/availability")
                    .header("X-Request-Timeout", "200").GET().build());
            assertReadable("upstream deadline", 504, timedOut);

            List<CompletableFuture<Http.Answer>> slow = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                slow.add(CompletableFuture.supplyAsync(() -> http.get("/api/v1/events/evt-001/availability", null),
                        clients));
            }
            Eventually.get(() -> ConnectionLimitsIT.metric(http, "gateway_http_requests_in_flight"), n -> n == 2);
            Http.Answer shed = http.send(from(APP, "/api/v1/events/evt-002").GET().build());
            assertReadable("in-flight cap", 503, shed);
            assertThat(shed.header("Retry-After")).isEqualTo("1");
            slow.forEach(CompletableFuture::join);
        } finally {
            for (int instance = 0; instance < stack.stubs.config().instancesPerService(); instance++) {
                stack.stubs.setLatency(StubService.TICKET, instance, Duration.ZERO);
            }
        }
    }
}
