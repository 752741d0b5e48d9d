package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.e2e.HostileRequests.Case;
import com.ticketing.e2e.HostileRequests.Reply;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Hostile input against the whole stack (B3 of the hardening reference), as the table of
 * {@link HostileRequests}: JWT attacks, oversized bodies, heads and URIs, malformed, deep and huge
 * JSON, encoding and control-character tricks, content-type games, path traversal and encoding,
 * protocol framing, method games, CORS origin games, Idempotency-Key abuse, other users' ids.
 * Every case must get its documented 4xx
 * as problem+json with {@code code} and {@code requestId} (never a 5xx, HTML or a trace), and every
 * case not marked otherwise must reach no service: the gateway's
 * {@code gateway_grpc_client_calls_seconds_count} (calls the transcoder refused are counted as
 * {@code UNMAPPABLE} and were never sent) must not move. Afterwards identity headers, forwarded
 * addresses and slow clients are checked by behaviour (heads and bodies dripped over a socket get
 * 408 at their deadlines, shortened here to two seconds, and are disconnected; HTTP/0.9 is refused
 * with a close; {@code Connection: close} is followed by the close), and the gateway must still
 * serve a journey.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {

    /** Low enough for a burst to show in RateLimit-Remaining, high enough for the whole table. */
    private static final int PUBLIC_LIMIT = 600;
    private static final String BOOKINGS = HostileRequests.BOOKINGS;
    private static final String EVENTS = HostileRequests.EVENTS;

    /** Short deadlines, so that slow clients are cut within the test's time. */
    private static final Duration HEAD_DEADLINE = Duration.ofMillis(2000);
    private static final Duration BODY_DEADLINE = Duration.ofMillis(2000);
    /** Tomcat looks for timed-out reads about once a second; the answer may come that much later. */
    private static final Duration POLLER_SLACK = Duration.ofMillis(1500);
    /** A pace well inside the 10 s idle time between reads: only the total deadline can cut it. */
    private static final Duration DRIP = Duration.ofMillis(250);

    private static LogCapture logs;
    private static Stack stack;
    private static Http http;
    private static RawHttp raw;
    private static Users.LoggedIn alice;
    private static Users.LoggedIn bob;
    private static String aliceBooking;
    private static String bobBooking;
    /** An event no case may book: its availability must not move. */
    private static String untouchedEvent;
    private static int untouchedAvailability;
    private static List<String> aliceBookingsBefore;

    @BeforeAll
    static void start() {
        logs = new LogCapture();
        // Every client here is 127.0.0.1: its share of the in-flight slots is all of them.
        stack = Stack.start(Map.of("RATE_LIMIT_MAX_REQUESTS", String.valueOf(PUBLIC_LIMIT),
                "SERVER_HEADER_TIMEOUT_MS", String.valueOf(HEAD_DEADLINE.toMillis()),
                "SERVER_BODY_TIMEOUT_MS", String.valueOf(BODY_DEADLINE.toMillis()),
                "MAX_IN_FLIGHT_PER_CLIENT", "256"));
        logs.attach();
        http = stack.http;
        raw = new RawHttp(Integer.parseInt(stack.gateway.getEnvironment().getProperty("local.server.port")));
        alice = Users.newUser(http);
        bob = Users.newUser(http);
        List<JsonNode> roomy = new ArrayList<>();
        http.get(EVENTS + "?pageSize=100", null).json().get("events").forEach(e -> {
            if (e.get("availableTickets").asInt() >= 50) {
                roomy.add(e);
            }
        });
        String bookable = roomy.get(0).get("id").asString();
        untouchedEvent = roomy.get(1).get("id").asString();
        untouchedAvailability = availability(untouchedEvent);
        aliceBooking = reserved(alice, bookable);
        bobBooking = reserved(bob, bookable);
        aliceBookingsBefore = bookingIds(alice);
    }

    @AfterAll
    static void stop() {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            logs.close();
        }
    }

    @Order(1)
    @TestFactory
    Stream<DynamicTest> everyHostileRequestGetsItsProblemAndReachesNoService() {
        List<Case> cases = new HostileRequests(stack, raw, alice, bob, aliceBooking, untouchedEvent).all();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(150);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.family() + ": " + c.name(), () -> check(c)));
    }

    private static void check(Case c) {
        double before = upstreamCalls();
        Reply reply = c.send().get();
        double after = upstreamCalls();

        assertThat(reply.status()).as("status of %s; body %s", c.name(), reply.body()).isEqualTo(c.status());
        assertProblem(reply, c.code());
        if (c.mayReachServices()) {
            assertThat(after - before).as("the call metric sees the service %s asked", c.name()).isPositive();
        } else {
            assertThat(after - before).as("upstream calls made for %s", c.name()).isZero();
        }
    }

    static void assertProblem(Reply reply, String code) {
        assertThat(reply.status()).isBetween(400, 499);
        assertThat(reply.header("Content-Type")).as(reply.body()).startsWith("application/problem+json");
        assertThat(reply.body()).doesNotContainIgnoringCase("<html").doesNotContainIgnoringCase("<!doctype")
                .doesNotContain("Exception").doesNotContain("at com.").doesNotContain("at org.");
        JsonNode problem = Http.JSON.readTree(reply.body());
        assertThat(problem.get("status").asInt()).isEqualTo(reply.status());
        assertThat(problem.get("code").asString()).as(reply.body()).isEqualTo(code);
        assertThat(problem.get("type").asString()).isNotBlank();
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("requestId").asString()).isNotBlank().isEqualTo(reply.header("X-Request-Id"));
    }

    // --------------------------------------------------------------------------- behaviour checks

    @Order(2)
    @Test
    void aRequestLineTheServerCannotParseIsRefusedWithTheClientsRequestIdAsEveryOtherAnswer() {
        RawHttp.Response badCharacter = raw.send(RawHttp.head("GET /api/v1/events?x=a|b HTTP/1.1", "Host: localhost",
                "X-Request-Id: bad-target-1", "Connection: close"));
        RawHttp.Response tooLong = raw.send(RawHttp.head("GET /api/v1/events?q=" + "a".repeat(20_000) + " HTTP/1.1",
                "Host: localhost", "X-Request-Id: long-line-1", "Connection: close"));
        RawHttp.Response unacceptableId = raw.send(RawHttp.head("GET /api/v1/events?x=a|b HTTP/1.1", "Host: localhost",
                "X-Request-Id: no!such*id", "Connection: close"));

        assertThat(badCharacter.status()).isEqualTo(400);
        assertThat(badCharacter.header("X-Request-Id")).isEqualTo("bad-target-1");
        assertThat(badCharacter.body()).contains("\"requestId\":\"bad-target-1\"");
        assertThat(tooLong.status()).isEqualTo(414);
        assertThat(tooLong.header("X-Request-Id")).isEqualTo("long-line-1");
        assertThat(unacceptableId.status()).isEqualTo(400);
        assertThat(unacceptableId.header("X-Request-Id")).isNotBlank().isNotEqualTo("no!such*id");
        assertThat(unacceptableId.body()).contains("\"requestId\":\"" + unacceptableId.header("X-Request-Id") + "\"");
    }

    /** A problem's instance is the path the client sent, also when the server could not parse the line it came in. */
    @Test
    void aRequestLineTheServerCannotParseIsAnsweredWithItsPathAsInstance() {
        RawHttp.Response brace = raw.send(RawHttp.head("GET /api/v1/events/a{b HTTP/1.1", "Host: localhost",
                "Connection: close"));
        RawHttp.Response fragment = raw.send(RawHttp.head("GET /api/v1/events#top HTTP/1.1", "Host: localhost",
                "Connection: close"));
        RawHttp.Response tooLong = raw.send(RawHttp.head("GET /api/v1/events?q=" + "a".repeat(20_000) + " HTTP/1.1",
                "Host: localhost", "Connection: close"));

        assertThat(brace.status()).isEqualTo(400);
        assertThat(brace.body()).contains("\"instance\":\"/api/v1/events/a%7Bb\"");
        assertThat(fragment.status()).isEqualTo(400);
        assertThat(fragment.body()).contains("\"instance\":\"/api/v1/events\"");
        assertThat(tooLong.status()).isEqualTo(414);
        assertThat(tooLong.body()).contains("\"instance\":\"/api/v1/events\"");
    }

    @Test
    void clientSentIdentityHeadersAreNeverBelieved() {
        String aliceSession = ForgedTokens.claimsOf(alice.accessToken()).get("sid").asString();
        Http.Answer bookings = http.send(http.request(BOOKINGS).header("Authorization", "Bearer " + bob.accessToken())
                .header("X-User-Id", alice.userId()).header("X-Session-Id", aliceSession)
                .header("grpc-timeout", "1n").header("grpc-metadata-x-user-id", alice.userId())
                .header("X-Forwarded-User", alice.email()).GET().build());
        Http.Answer profile = http.send(http.request("/api/v1/user/profile")
                .header("Authorization", "Bearer " + bob.accessToken()).header("X-User-Id", alice.userId()).GET().build());

        assertThat(bookings.status()).as("grpc-timeout: 1n was not forwarded either").isEqualTo(200);
        List<String> seen = new ArrayList<>();
        bookings.json().get("bookings").forEach(b -> seen.add(b.get("bookingId").asString()));
        assertThat(seen).contains(bobBooking).doesNotContain(aliceBooking);
        assertThat(profile.json().get("userId").asString()).isEqualTo(bob.userId());
        assertThat(profile.json().get("email").asString()).isEqualTo(bob.email());
    }

    @Order(3)
    @Test
    void forwardedForFromAnUntrustedPeerDoesNotOpenAFreshBucket() {
        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Http.Answer answer = http.send(http.request(EVENTS).header("X-Forwarded-For", "198.51.100." + i)
                    .header("Forwarded", "for=203.0.113." + i).GET().build());
            assertThat(answer.status()).isEqualTo(200);
            remaining.add(Integer.parseInt(answer.header("RateLimit-Remaining")));
        }
        Http.Answer garbage = http.send(http.request(EVENTS).header("X-Forwarded-For", "<script>, ::ffff:1.2.3.4, x")
                .GET().build());

        assertThat(remaining.get(remaining.size() - 1)).as("one bucket for 127.0.0.1: %s", remaining)
                .isLessThanOrEqualTo(remaining.get(0) - 10);
        assertThat(garbage.status()).isEqualTo(200);
    }

    @Order(4)
    @Test
    void aRequestFromAForeignOriginIsServedWithoutAllowOrigin() {
        Http.Answer answer = http.send(http.request(EVENTS).header("Origin", "https://evil.example").GET().build());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
    }

    @Order(5)
    @Test
    void aClientThatStopsMidHeadIsDisconnectedWhileOthersAreServed() throws Exception {
        try (Socket slow = new Socket("localhost", raw.port())) {
            slow.getOutputStream().write("GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(
                    StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            slow.setSoTimeout(20_000);
            long start = System.nanoTime();

            assertThat(http.get("/health", null).status()).isEqualTo(200);
            InputStream in = slow.getInputStream();
            byte[] answer = in.readAllBytes();
            Duration held = Duration.ofNanos(System.nanoTime() - start);

            assertThat(held).as("held by the server").isLessThan(Duration.ofSeconds(15));
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("<html");
        }
    }

    @Order(6)
    @Test
    void anHttp09RequestIsRefusedWithACloseAndNoBareBody() throws Exception {
        try (Socket socket = new Socket("localhost", raw.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /health\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            byte[] answer = socket.getInputStream().readAllBytes();

            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).as("no status line, no JSON, nothing").isEmpty();
        }
        // The next test's connection is likely served by the same (recycled) processor: it must answer properly.
    }

    @Order(8)
    @Test
    void aClientDrippingHeaderLinesGets408AtTheHeadDeadlineAndIsDisconnected() {
        double before = requestTimeouts("head");

        RawHttp.Dripped dripped = raw.drip("GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\n".getBytes(
                StandardCharsets.US_ASCII), "X-Drip: 1\r\n".getBytes(StandardCharsets.US_ASCII), DRIP, 200);

        System.out.println("header drip every " + DRIP.toMillis() + " ms answered after " + dripped.answeredAfter());
        assertThat(dripped.response()).as("an answer before the connection closed").isNotNull();
        assertThat(dripped.response().status()).isEqualTo(408);
        assertProblem(Reply.of(dripped.response()), "VALIDATION_FAILED");
        assertThat(dripped.answeredAfter()).isBetween(HEAD_DEADLINE.minusMillis(100), HEAD_DEADLINE.plus(POLLER_SLACK));
        assertThat(dripped.closedAfterward()).isTrue();
        assertThat(requestTimeouts("head")).isEqualTo(before + 1);
    }

    @Order(7)
    @Test
    void aClientThatStopsInTheRequestLineGets408AtTheHeadDeadline() {
        RawHttp.Dripped dripped = raw.drip("GET /api/v1/eve".getBytes(StandardCharsets.US_ASCII), new byte[0],
                DRIP, 0);

        assertThat(dripped.response()).isNotNull();
        assertThat(dripped.response().status()).isEqualTo(408);
        assertProblem(Reply.of(dripped.response()), "VALIDATION_FAILED");
        assertThat(dripped.answeredAfter()).isLessThan(HEAD_DEADLINE.plus(POLLER_SLACK));
        assertThat(dripped.closedAfterward()).isTrue();
    }

    @Order(9)
    @Test
    void aClientDrippingOnlyBlankLinesIsClosedWithoutAnAnswer() {
        RawHttp.Dripped dripped = raw.drip("\r\n".getBytes(StandardCharsets.US_ASCII),
                "\r\n".getBytes(StandardCharsets.US_ASCII), DRIP, 200);

        assertThat(dripped.response()).isNull();
        assertThat(dripped.closedAfterward()).isTrue();
        assertThat(dripped.answeredAfter()).isLessThan(HEAD_DEADLINE.plus(POLLER_SLACK));
    }

    @Order(10)
    @Test
    void aClientDrippingTheBodyGets408AtTheBodyDeadlineAndIsDisconnectedAtOnce() {
        double before = requestTimeouts("body");

        RawHttp.Dripped dripped = raw.drip(RawHttp.head("POST /api/v1/auth/login HTTP/1.1", "Host: localhost",
                "Content-Type: application/json", "Content-Length: 1000"), "{".getBytes(StandardCharsets.US_ASCII),
                DRIP, 200);

        System.out.println("body drip every " + DRIP.toMillis() + " ms answered after " + dripped.answeredAfter());
        assertThat(dripped.response()).isNotNull();
        assertThat(dripped.response().status()).isEqualTo(408);
        assertThat(dripped.response().header("Connection")).isEqualTo("close");
        assertProblem(Reply.of(dripped.response()), "VALIDATION_FAILED");
        assertThat(dripped.answeredAfter()).isBetween(BODY_DEADLINE.minusMillis(100), BODY_DEADLINE.plus(POLLER_SLACK));
        assertThat(dripped.closedAfterward()).as("closed within a second of the answer").isTrue();
        assertThat(requestTimeouts("body")).isEqualTo(before + 1);
    }

    @Order(11)
    @Test
    void anAnswerThatSaysConnectionCloseIsFollowedByTheCloseAtOnce() throws Exception {
        try (Socket socket = new Socket("localhost", raw.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(RawHttp.concat(RawHttp.head("POST /api/v1/auth/login HTTP/1.1",
                    "Host: localhost", "Content-Type: application/json", "Content-Length: 2000000"),
                    "{\"email\":\"".getBytes(StandardCharsets.US_ASCII)));
            socket.getOutputStream().flush();

            RawHttp.Response answer = RawHttp.read(socket.getInputStream());
            long answered = System.nanoTime();
            boolean closed = RawHttp.closedWithin(socket, 5_000);
            Duration closedAfter = Duration.ofNanos(System.nanoTime() - answered);
            System.out.println("Connection: close answer followed by EOF after " + closedAfter);

            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.header("Connection")).isEqualTo("close");
            assertThat(closed).isTrue();
            assertThat(closedAfter).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Order(12)
    @Test
    void aHundredDrippingClientsAreAllCutAtTheDeadlineWhileOthersAreServed() throws Exception {
        int clients = 100;
        double before = requestTimeouts("head");
        List<java.util.concurrent.Future<RawHttp.Dripped>> drips = new ArrayList<>();
        List<Integer> servedMeanwhile = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                drips.add(pool.submit(() -> raw.drip("GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\n".getBytes(
                        StandardCharsets.US_ASCII), "X-Drip: 1\r\n".getBytes(StandardCharsets.US_ASCII), DRIP, 200)));
            }
            for (int i = 0; i < 5; i++) {
                servedMeanwhile.add(http.get("/api/v1/events", null).status());
            }
            List<Duration> cutAfter = new ArrayList<>();
            for (var drip : drips) {
                RawHttp.Dripped dripped = drip.get();
                assertThat(dripped.response()).isNotNull();
                assertThat(dripped.response().status()).isEqualTo(408);
                assertThat(dripped.closedAfterward()).isTrue();
                cutAfter.add(dripped.answeredAfter());
            }
            Duration slowest = cutAfter.stream().max(Duration::compareTo).orElseThrow();
            System.out.println(clients + " dripping clients cut after at most " + slowest);
            assertThat(slowest).isLessThan(HEAD_DEADLINE.plus(POLLER_SLACK).plusSeconds(1));
        }
        assertThat(servedMeanwhile).containsOnly(200);
        assertThat(requestTimeouts("head")).isEqualTo(before + clients);
    }

    @Order(13)
    @Test
    void aHundredClientsDrippingBodiesAreEachAnswered408OnceWithTheirSecurityLineAndNoError() throws Exception {
        int clients = 100;
        double before = requestTimeouts("body");
        int logged = logs.lines().size();
        List<java.util.concurrent.Future<RawHttp.Dripped>> drips = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                String id = "slow-body-" + i;
                drips.add(pool.submit(() -> raw.drip(RawHttp.head("POST /api/v1/auth/login HTTP/1.1",
                        "Host: localhost", "X-Request-Id: " + id, "Content-Type: application/json",
                        "Content-Length: 1000"), "{".getBytes(StandardCharsets.US_ASCII), DRIP, 200)));
            }
            for (var drip : drips) {
                RawHttp.Dripped dripped = drip.get();
                assertThat(dripped.response()).as("an answer, not a bare close").isNotNull();
                assertThat(dripped.response().status()).isEqualTo(408);
                assertThat(dripped.response().header("Connection")).isEqualTo("close");
                assertThat(dripped.closedAfterward()).isTrue();
            }
        }
        assertThat(requestTimeouts("body")).isEqualTo(before + clients);
        List<String> lines = Eventually.get(logs::lines, now -> now.stream()
                .filter(l -> l.contains("reason=container_408") && l.contains("slow-body-")).count() >= clients);
        for (int i = 0; i < clients; i++) {
            String id = "requestId=slow-body-" + i + " ";
            assertThat(lines).as("one security line for " + id).filteredOn(l -> l.contains("reason=container_408")
                    && l.contains(id) && l.contains("method=POST path=/api/v1/auth/login")).hasSize(1);
        }
        assertThat(lines.subList(Math.min(logged, lines.size()), lines.size()))
                .noneMatch(l -> l.startsWith("ERROR") || l.contains("Exception in thread")
                        || l.contains("Cannot forward"));
    }

    @Order(14)
    @Test
    void streamsWhoseClientsLeaveEndQuietlyEachWithItsAccessLineAndTimer() throws Exception {
        int streams = 10;
        String path = BOOKINGS + "/" + aliceBooking + "/stream";
        double before = streamRequests();
        int logged = logs.lines().size();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < streams; i++) {
                Socket socket = new Socket("localhost", raw.port());
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(RawHttp.head("GET " + path + " HTTP/1.1", "Host: localhost",
                        "Authorization: Bearer " + alice.accessToken(), "X-Request-Id: left-stream-" + i));
                socket.getOutputStream().flush();
                byte[] start = new byte[12];
                assertThat(socket.getInputStream().readNBytes(start, 0, start.length)).isEqualTo(start.length);
                assertThat(new String(start, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
                sockets.add(socket);
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close(); // as a browser tab closing: nothing more is read
            }
        }
        // A stream learns its client left at its next heartbeat (every 15 s) at the latest.
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        List<String> lines = logs.lines();
        while (lines.stream().filter(l -> l.contains("GET " + path + " ") && l.contains("requestId=left-stream-"))
                .count() < streams && System.nanoTime() < deadline) {
            Thread.sleep(200);
            lines = logs.lines();
        }
        for (int i = 0; i < streams; i++) {
            String id = "requestId=left-stream-" + i;
            assertThat(lines).as("one access line for " + id)
                    .filteredOn(l -> l.contains("GET " + path + " ") && l.contains(id) && l.contains("status=200"))
                    .hasSize(1);
        }
        // (streams that earlier cases left open may end meanwhile too)
        assertThat(streamRequests()).isGreaterThanOrEqualTo(before + streams);
        assertThat(lines.subList(Math.min(logged, lines.size()), lines.size()))
                .noneMatch(l -> l.startsWith("ERROR") || l.contains("Exception in thread") || l.contains("recycled"));
    }

    @Order(19)
    @Test
    void aRouteThatBindsNoBodyTakesAnEmptyObject() {
        Http.Answer ticket = http.post(BOOKINGS + "/" + bobBooking + "/stream-ticket", bob.accessToken(), " {} ");
        assertThat(ticket.status()).as(ticket.body()).isEqualTo(201);
        assertThat(ticket.json().get("ticket").asString()).isNotBlank();

        Http.Answer cancelled = http.delete(BOOKINGS + "/" + bobBooking, bob.accessToken(), "{}");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
    }

    @Order(20)
    @Test
    void theGatewayStillServesAJourneyAndNothingWasChangedBehindIt() {
        assertThat(http.get("/health", null).status()).isEqualTo(200);
        Users.LoggedIn carol = Users.newUser(http);
        Http.Answer events = http.get(EVENTS, null);
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.json().get("events")).isNotEmpty();
        assertThat(http.get(BOOKINGS, carol.accessToken()).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/user/profile", carol.accessToken()).json().get("email").asString())
                .isEqualTo(carol.email());

        assertThat(bookingIds(alice)).as("alice's bookings").isEqualTo(aliceBookingsBefore);
        assertThat(http.get(BOOKINGS + "/" + aliceBooking, alice.accessToken()).json().get("status").asString())
                .as("alice's booking, after others tried to cancel and pay it").isIn("RESERVED", "EXPIRED");
        // bob's one idempotent booking of the untouched event was queued; every refused one was not
        assertThat(availability(untouchedEvent)).isBetween(untouchedAvailability - 1, untouchedAvailability);
    }

    // ----------------------------------------------------------------------------------- helpers

    /** Calls that went to a service: every outcome of the call timer but those the transcoder refused. */
    private static double upstreamCalls() {
        double total = 0;
        for (String line : http.get("/metrics", null).body().split("\n")) {
            if (line.startsWith("gateway_grpc_client_calls_seconds_count{") && !line.contains("status=\"UNMAPPABLE\"")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /** {@code gateway_http_request_timeouts_total} of one phase. */
    /** Requests of the booking stream's route answered 200, by the request timer. */
    private static double streamRequests() {
        for (String line : http.get("/metrics", null).body().split("\n")) {
            if (line.startsWith("http_server_requests_seconds_count{") && line.contains("route=\"bookings.stream\"")
                    && line.contains("status=\"200\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static double requestTimeouts(String phase) {
        for (String line : http.get("/metrics", null).body().split("\n")) {
            if (line.startsWith("gateway_http_request_timeouts_total{") && line.contains("phase=\"" + phase + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no gateway_http_request_timeouts_total{phase=\"" + phase + "\"}");
    }

    private static int availability(String eventId) {
        return http.get(EVENTS + "/" + eventId + "/availability", null).json().get("availableTickets").asInt();
    }

    private static List<String> bookingIds(Users.LoggedIn user) {
        List<String> ids = new ArrayList<>();
        http.get(BOOKINGS, user.accessToken()).json().get("bookings").forEach(b -> ids.add(b.get("bookingId").asString()));
        return ids.stream().sorted().toList();
    }

    private static String reserved(Users.LoggedIn user, String eventId) {
        String bookingId = http.post(BOOKINGS, user.accessToken(), "{\"eventId\":\"" + eventId + "\",\"quantity\":1}")
                .json().get("bookingId").asString();
        http.events(BOOKINGS + "/" + bookingId + "/stream", user.accessToken(),
                b -> b.get("status").asString().equals("RESERVED"));
        return bookingId;
    }
}
