package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The booking status stream as a browser's EventSource uses it, over real HTTP: a stream ticket
 * instead of Authorization, events of the default type with ids and a retry hint, reconnects
 * with Last-Event-ID, 204 once the final state was delivered, and the ticket's limits.
 */
class StreamTicketIT {

    private static Stack stack;
    private static Http http;

    @BeforeAll
    static void start() {
        stack = Stack.start(java.util.Map.of("SSE_HEARTBEAT_SECONDS", "1"));
        http = stack.http;
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static String book(Users.LoggedIn user) {
        Http.Answer created = http.post("/api/v1/bookings", user.accessToken(), "{\"eventId\":\"evt-001\",\"quantity\":1}");
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        return created.json().get("bookingId").asString();
    }

    private static String ticket(Users.LoggedIn user, String bookingId) {
        Http.Answer issued = http.post("/api/v1/bookings/" + bookingId + "/stream-ticket", user.accessToken(), null);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        assertThat(issued.header("Cache-Control")).isEqualTo("no-store");
        assertThat(issued.json().get("expiresIn").asInt()).isEqualTo(60);
        return issued.json().get("ticket").asString();
    }

    private static Predicate<List<String>> dataWithStatus(String status) {
        return lines -> lines.stream().anyMatch(l -> l.startsWith("data: ") && l.contains("\"status\":\"" + status + "\""));
    }

    @Test
    void aTicketOpensTheStreamWithoutAuthorizationAsDefaultEventsWithIdsAndARetryHint() {
        Users.LoggedIn user = Users.newUser(http);
        String bookingId = book(user);
        String ticket = ticket(user, bookingId);

        Http.EventStream stream = http.stream("/api/v1/bookings/" + bookingId + "/stream?ticket=" + ticket,
                dataWithStatus("RESERVED"));

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(stream.lines()).as("default event type: no event: line").noneMatch(l -> l.startsWith("event:"));
        assertThat(stream.lines().stream().filter(l -> l.startsWith("retry: ")).toList()).containsExactly("retry: 2000");
        assertThat(stream.ids()).hasSameSizeAs(stream.data()).doesNotHaveDuplicates();
        assertThat(stream.ids().stream().map(Long::parseLong).toList()).isSorted();
        assertThat(stream.data().getLast().get("bookingId").asString()).isEqualTo(bookingId);
        assertThat(stream.data().getLast().get("status").asString()).isEqualTo("RESERVED");
        assertThat(stream.headers().firstValue("RateLimit-Limit")).as("the stream is a limited response")
                .contains("100000"); // the stack's per-user limit
        assertThat(Long.parseLong(stream.headers().firstValue("RateLimit-Remaining").orElseThrow())).isBetween(0L, 99_999L);
        assertThat(stream.headers().firstValue("RateLimit-Reset")).isPresent();
    }

    @Test
    void anIdleStreamGetsHeartbeatCommentsThatEventSourceIgnores() {
        Users.LoggedIn user = Users.newUser(http);
        String bookingId = book(user);

        Http.EventStream stream = http.stream("/api/v1/bookings/" + bookingId + "/stream?ticket="
                + ticket(user, bookingId), lines -> lines.stream().filter(":"::equals).count() >= 2);

        assertThat(stream.lines().stream().filter(":"::equals).count()).as("a comment line a second while idle")
                .isGreaterThanOrEqualTo(2);
        assertThat(stream.data()).isNotEmpty();
    }

    @Test
    void aLogoutEndsTheOpenStreamWithAProblemBeforeItsNextState() {
        Users.LoggedIn user = Users.newUser(http);
        Http.Answer otherSession = http.post("/api/v1/auth/login", null, Users.loginBody(user.email(), Users.PASSWORD));
        assertThat(otherSession.status()).isEqualTo(200);
        String bookingId = book(user);
        String ticket = ticket(user, bookingId);
        java.util.concurrent.atomic.AtomicBoolean acted = new java.util.concurrent.atomic.AtomicBoolean();

        Http.EventStream stream = http.stream("/api/v1/bookings/" + bookingId + "/stream?ticket=" + ticket, lines -> {
            if (!acted.get() && lines.stream().anyMatch(l -> l.startsWith("data: ") && l.contains("\"RESERVED\""))) {
                acted.set(true);
                assertThat(http.post("/api/v1/auth/logout", user.accessToken(), null).status()).isEqualTo(204);
                // a state change the ended session must not see, made in the user's other session
                assertThat(http.delete("/api/v1/bookings/" + bookingId,
                        otherSession.json().get("accessToken").asString()).status()).isEqualTo(200);
            }
            return lines.contains("event: problem") && lines.getLast().startsWith("data: ");
        });

        assertThat(acted).isTrue();
        assertThat(stream.lines()).contains("event: problem");
        assertThat(stream.lines()).noneMatch(l -> l.startsWith("data: ") && l.contains("\"CANCELLED\""));
        String problem = stream.lines().getLast().substring("data: ".length());
        assertThat(Http.JSON.readTree(problem).get("status").asInt()).isEqualTo(401);
        assertThat(Http.JSON.readTree(problem).get("code").asString()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void aLogoutEndsAnIdleStreamWithinAHeartbeat() {
        Users.LoggedIn user = Users.newUser(http);
        String bookingId = book(user);
        String ticket = ticket(user, bookingId);
        java.util.concurrent.atomic.AtomicLong loggedOutAt = new java.util.concurrent.atomic.AtomicLong();

        Http.EventStream stream = http.stream("/api/v1/bookings/" + bookingId + "/stream?ticket=" + ticket, lines -> {
            if (loggedOutAt.get() == 0 && lines.stream().anyMatch(l -> l.startsWith("data: ") && l.contains("\"RESERVED\""))) {
                assertThat(http.post("/api/v1/auth/logout", user.accessToken(), null).status()).isEqualTo(204);
                loggedOutAt.set(System.nanoTime()); // the booking stays RESERVED: no state will come
            }
            return lines.contains("event: problem") && lines.getLast().startsWith("data: ");
        });

        assertThat(loggedOutAt.get()).isNotZero();
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - loggedOutAt.get()))
                .as("ended by the next heartbeat (SSE_HEARTBEAT_SECONDS=1)").isLessThan(java.time.Duration.ofSeconds(5));
        String problem = stream.lines().getLast().substring("data: ".length());
        assertThat(Http.JSON.readTree(problem).get("status").asInt()).isEqualTo(401);
    }

    @Test
    void aReconnectWithLastEventIdGetsOnlyNewStatesAndAfterTheFinalOneA204() {
        Users.LoggedIn user = Users.newUser(http);
        String bookingId = book(user);
        String ticket = ticket(user, bookingId);
        String path = "/api/v1/bookings/" + bookingId + "/stream?ticket=" + ticket;
        Http.EventStream first = http.stream(path, dataWithStatus("RESERVED"));
        String reservedId = first.ids().getLast();

        Http.Answer cancelled = http.delete("/api/v1/bookings/" + bookingId, user.accessToken());
        assertThat(cancelled.status()).isEqualTo(200);
        Http.EventStream resumed = http.stream(path, lines -> false, "Last-Event-ID", reservedId);

        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.data()).extracting(b -> b.get("status").asString()).containsExactly("CANCELLED");
        Http.EventStream again = http.stream(path, lines -> false, "Last-Event-ID", resumed.ids().getLast());
        assertThat(again.status()).as("EventSource stops on 204").isEqualTo(204);
        assertThat(again.lines()).isEmpty();
        Http.EventStream fresh = http.stream(path, lines -> false);
        assertThat(fresh.data()).as("without Last-Event-ID the final state is sent once, then the stream ends")
                .extracting(b -> b.get("status").asString()).containsExactly("CANCELLED");
    }

    @Test
    void aTicketIsRefusedForAnotherBookingAnotherUsersBookingAndAfterLogout() {
        Users.LoggedIn user = Users.newUser(http);
        Users.LoggedIn other = Users.newUser(http);
        String mine = book(user);
        String theirs = book(other);
        String ticket = ticket(user, mine);

        Http.Answer forTheirs = http.get("/api/v1/bookings/" + theirs + "/stream?ticket=" + ticket, null);
        assertThat(forTheirs.status()).isEqualTo(401);
        assertThat(forTheirs.json().get("code").asString()).isEqualTo("UNAUTHENTICATED");
        assertThat(forTheirs.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        Http.Answer ticketForTheirs = http.post("/api/v1/bookings/" + theirs + "/stream-ticket", user.accessToken(), null);
        assertThat(ticketForTheirs.status()).as("someone else's booking").isEqualTo(404);
        assertThat(http.get("/api/v1/bookings/" + mine + "/stream?ticket=not-a-ticket", null).status()).isEqualTo(401);
        assertThat(http.get("/api/v1/bookings/" + mine + "?ticket=" + ticket, null).status())
                .as("no credential on any other route").isEqualTo(401);

        assertThat(http.post("/api/v1/auth/logout", user.accessToken(), null).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/bookings/" + mine + "/stream?ticket=" + ticket, null).status())
                .as("after logout").isEqualTo(401);
    }

    @Test
    void theTicketNeverReachesMetrics() {
        Users.LoggedIn user = Users.newUser(http);
        String bookingId = book(user);
        String ticket = ticket(user, bookingId);
        http.stream("/api/v1/bookings/" + bookingId + "/stream?ticket=" + ticket,
                lines -> lines.stream().anyMatch(l -> l.startsWith("data: ")));

        String metrics = Eventually.get(() -> http.get("/metrics", null).body(),
                body -> body.contains("route=\"bookings.stream\""));
        assertThat(metrics).contains("route=\"bookings.stream\"").doesNotContain(ticket).doesNotContain("ticket=");
    }

    @Test
    void fetchWithAuthorizationStillFollowsTheBooking() {
        Users.LoggedIn user = Users.newUser(http);
        String bookingId = book(user);

        List<JsonNode> events = http.events("/api/v1/bookings/" + bookingId + "/stream", user.accessToken(),
                b -> b.get("status").asString().equals("RESERVED"));

        assertThat(events.getLast().get("status").asString()).isEqualTo("RESERVED");
    }
}
