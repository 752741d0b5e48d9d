package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The booking journey of REST.md, end to end over HTTP and gRPC. */
class BookingJourneyIT {

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

    private static String bigEvent() {
        JsonNode events = http.get("/api/v1/events?pageSize=100", null).json().get("events");
        for (JsonNode event : events) {
            if (event.get("availableTickets").asInt() >= 100) {
                return event.get("id").asString();
            }
        }
        throw new AssertionError("no event with 100 tickets in the catalog");
    }

    @Test
    void walksTheWholeJourneyFromRegistrationToLogout() {
        String email = Users.newEmail();
        Http.Answer registered = http.post("/api/v1/auth/register", null, Users.registerBody(email));
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().get("userId").asString()).isNotBlank();
        assertThat(registered.json().get("message").asString()).isNotBlank();

        Http.Answer login = http.post("/api/v1/auth/login", null, Users.loginBody(email, Users.PASSWORD));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Cache-Control")).isEqualTo("no-store");
        JsonNode tokens = login.json();
        assertThat(tokens.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(tokens.get("expiresIn").asInt()).isEqualTo(900);
        String access = tokens.get("accessToken").asString();
        String refresh = tokens.get("refreshToken").asString();

        Http.Answer profile = http.get("/api/v1/user/profile", access);
        assertThat(profile.status()).isEqualTo(200);
        assertThat(profile.json().get("email").asString()).isEqualTo(email);
        Http.Answer renamed = http.put("/api/v1/user/profile", access, "{\"firstName\":\"Grace\",\"lastName\":\"Hopper\"}");
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().get("firstName").asString()).isEqualTo("Grace");

        Http.Answer events = http.get("/api/v1/events", null);
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.json().get("total").asInt()).isGreaterThanOrEqualTo(20);
        assertThat(events.json().get("pageSize").asInt()).isEqualTo(20);
        assertThat(events.json().get("page").asInt()).isEqualTo(1);
        String eventId = bigEvent();
        JsonNode event = http.get("/api/v1/events/" + eventId, null).json();
        int priceCents = event.get("priceCents").asInt();
        int before = http.get("/api/v1/events/" + eventId + "/availability", null).json().get("availableTickets").asInt();

        Http.Answer booked = http.post("/api/v1/bookings", access, "{\"eventId\":\"" + eventId + "\",\"quantity\":2}");
        assertThat(booked.status()).isEqualTo(202);
        JsonNode booking = booked.json();
        String bookingId = booking.get("bookingId").asString();
        assertThat(booking.get("status").asString()).isEqualTo("QUEUED");
        assertThat(booking.get("queuePosition").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(booking.get("amountCents").asInt()).isEqualTo(2 * priceCents);
        assertThat(booked.header("Location")).isEqualTo("/api/v1/bookings/" + bookingId);

        List<JsonNode> updates = http.events("/api/v1/bookings/" + bookingId + "/stream", access,
                b -> !b.get("status").asString().equals("QUEUED"));
        assertThat(updates).isNotEmpty();
        assertThat(updates.get(updates.size() - 1).get("status").asString()).isEqualTo("RESERVED");
        assertThat(updates.get(updates.size() - 1).get("holdExpiresAt").asString()).isNotBlank();
        assertThat(http.get("/api/v1/events/" + eventId + "/availability", null).json()
                .get("availableTickets").asInt()).isEqualTo(before - 2);

        Http.Answer paid = http.post("/api/v1/payments", access,
                "{\"bookingId\":\"" + bookingId + "\",\"paymentMethodToken\":\"tok_visa\"}",
                "Idempotency-Key", UUID.randomUUID().toString());
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        assertThat(paid.json().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(paid.json().get("amountCents").asInt()).isEqualTo(2 * priceCents);
        String paymentId = paid.json().get("paymentId").asString();
        assertThat(http.get("/api/v1/payments/" + paymentId, access).json().get("status").asString())
                .isEqualTo("SUCCEEDED");
        assertThat(http.get("/api/v1/bookings/" + bookingId, access).json().get("status").asString())
                .isEqualTo("CONFIRMED");

        Http.Answer tickets = http.get("/api/v1/tickets", access);
        assertThat(tickets.status()).isEqualTo(200);
        assertThat(tickets.json().get("tickets")).hasSize(2);
        assertThat(tickets.json().get("tickets").get(0).get("bookingId").asString()).isEqualTo(bookingId);
        assertThat(tickets.json().get("tickets").get(0).get("eventName").asString())
                .isEqualTo(event.get("name").asString());

        Http.Answer mine = http.get("/api/v1/bookings", access);
        assertThat(mine.json().get("bookings")).hasSize(1);

        Http.Answer refreshed = http.post("/api/v1/auth/refresh", null, "{\"refreshToken\":\"" + refresh + "\"}");
        assertThat(refreshed.status()).isEqualTo(200);
        String newAccess = refreshed.json().get("accessToken").asString();
        assertThat(refreshed.json().get("refreshToken").asString()).isNotEqualTo(refresh);
        assertThat(http.get("/api/v1/user/profile", newAccess).status()).isEqualTo(200);

        Http.Answer logout = http.post("/api/v1/auth/logout", newAccess, null);
        assertThat(logout.status()).isEqualTo(204);
        Http.Answer afterLogout = http.get("/api/v1/user/profile", newAccess);
        assertThat(afterLogout.status()).isEqualTo(401);
        assertThat(http.get("/api/v1/user/profile", access).status()).isEqualTo(401);
    }

    @Test
    void everyAnswerHoldsWhatTheDescriptionMarksRequiredWithItsTimestampsInRfc3339() {
        JsonNode schemas = http.get("/api/v1/openapi.json", null).json().get("components").get("schemas");
        String email = Users.newEmail();
        Http.Answer registered = http.post("/api/v1/auth/register", null, Users.registerBody(email));
        JsonNode tokens = http.post("/api/v1/auth/login", null, Users.loginBody(email, Users.PASSWORD)).json();
        String access = tokens.get("accessToken").asString();
        String eventId = bigEvent();
        JsonNode queued = http.post("/api/v1/bookings", access, "{\"eventId\":\"" + eventId + "\",\"quantity\":1}").json();
        JsonNode events = http.get("/api/v1/events", null).json();
        JsonNode mine = http.get("/api/v1/bookings", access).json();

        matches(schemas, "auth.RegisterResponse", registered.json());
        matches(schemas, "auth.AuthTokens", tokens);
        matches(schemas, "auth.UserProfile", http.get("/api/v1/user/profile", access).json());
        matches(schemas, "ticket.GetEventsResponse", events);
        events.get("events").forEach(event -> matches(schemas, "ticket.Event", event));
        matches(schemas, "ticket.Event", http.get("/api/v1/events/" + eventId, null).json());
        matches(schemas, "ticket.Availability", http.get("/api/v1/events/" + eventId + "/availability", null).json());
        matches(schemas, "booking.Booking", queued);
        matches(schemas, "booking.ListBookingsResponse", mine);
        mine.get("bookings").forEach(booking -> matches(schemas, "booking.Booking", booking));
        assertThat(schemas.get("booking.Booking").get("required").toString())
                .as("a queued booking has no hold, a reserved one no queue position").doesNotContain("holdExpiresAt")
                .doesNotContain("queuePosition").contains("createdAt");
    }

    @Test
    void theRequestRulesTheDescriptionStatesAreTheOnesThePlatformEnforces() {
        JsonNode schemas = http.get("/api/v1/openapi.json", null).json().get("components").get("schemas");
        JsonNode register = schemas.get("auth.RegisterRequest");
        JsonNode password = register.get("properties").get("password");
        JsonNode name = register.get("properties").get("firstName");
        int shortest = password.get("minLength").asInt();
        int longest = password.get("maxLength").asInt();
        int longestName = name.get("maxLength").asInt();

        refused("/api/v1/auth/register", null, registration("a".repeat(shortest - 1), "Ada"), "password");
        refused("/api/v1/auth/register", null, registration("a".repeat(longest + 1), "Ada"), "password");
        refused("/api/v1/auth/register", null, registration("a".repeat(shortest), "a".repeat(longestName + 1)), "firstName");
        for (JsonNode required : register.get("required")) {
            String body = registration("a".repeat(shortest), "Ada")
                    .replaceFirst("\"" + required.asString() + "\":\"[^\"]*\",?", "").replace(",}", "}");
            refused("/api/v1/auth/register", null, body, required.asString());
        }
        assertThat(http.post("/api/v1/auth/register", null, registration("a".repeat(longest), "a".repeat(longestName)))
                .status()).isEqualTo(201);

        JsonNode quantity = schemas.get("booking.CreateBookingRequest").get("properties").get("quantity");
        String access = http.post("/api/v1/auth/login", null, Users.loginBody(registered(), Users.PASSWORD)).json()
                .get("accessToken").asString();
        String eventId = bigEvent();
        refused("/api/v1/bookings", access, booking(eventId, quantity.get("minimum").asInt() - 1), "quantity");
        refused("/api/v1/bookings", access, booking(eventId, quantity.get("maximum").asInt() + 1), "quantity");
        assertThat(http.post("/api/v1/bookings", access, booking(eventId, quantity.get("maximum").asInt())).status())
                .isEqualTo(202);
    }

    private static String registration(String password, String firstName) {
        return "{\"email\":\"" + Users.newEmail() + "\",\"password\":\"" + password + "\",\"firstName\":\"" + firstName
                + "\",\"lastName\":\"Lovelace\"}";
    }

    private static String booking(String eventId, int quantity) {
        return "{\"eventId\":\"" + eventId + "\",\"quantity\":" + quantity + "}";
    }

    private static String registered() {
        String email = Users.newEmail();
        assertThat(http.post("/api/v1/auth/register", null, Users.registerBody(email)).status()).isEqualTo(201);
        return email;
    }

    /** {@code body} sent to {@code path} is refused with 400 naming {@code field}. */
    private static void refused(String path, String token, String body, String field) {
        Http.Answer answer = http.post(path, token, body);
        assertThat(answer.status()).as("%s %s", path, body).isEqualTo(400);
        assertThat(answer.json().get("errors").toString()).as("%s %s", path, body).contains("\"" + field + "\"");
    }

    /** The answer has every field {@code schema} requires, and each of its date-time fields parses as RFC 3339. */
    private static void matches(JsonNode schemas, String schema, JsonNode answer) {
        JsonNode described = schemas.get(schema);
        assertThat(described).as(schema).isNotNull();
        assertThat(described.get("required")).as(schema + " lists what is always written").isNotNull();
        described.get("required").forEach(name -> assertThat(answer.has(name.asString()))
                .as("%s holds %s: %s", schema, name.asString(), answer).isTrue());
        described.get("properties").properties().forEach(property -> {
            JsonNode format = property.getValue().get("format");
            if (format != null && format.asString().equals("date-time") && answer.has(property.getKey())) {
                assertThat(java.time.OffsetDateTime.parse(answer.get(property.getKey()).asString()))
                        .as("%s.%s", schema, property.getKey()).isNotNull();
            }
        });
    }

    @Test
    void reusedRefreshTokenRevokesTheWholeSession() {
        Users.LoggedIn user = Users.newUser(http);
        Http.Answer first = http.post("/api/v1/auth/refresh", null, "{\"refreshToken\":\"" + user.refreshToken() + "\"}");
        assertThat(first.status()).isEqualTo(200);
        String rotatedRefresh = first.json().get("refreshToken").asString();
        String rotatedAccess = first.json().get("accessToken").asString();

        Http.Answer reuse = http.post("/api/v1/auth/refresh", null, "{\"refreshToken\":\"" + user.refreshToken() + "\"}");

        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.contentType()).startsWith("application/problem+json");
        assertThat(http.post("/api/v1/auth/refresh", null, "{\"refreshToken\":\"" + rotatedRefresh + "\"}").status())
                .isEqualTo(401);
        assertThat(http.get("/api/v1/user/profile", rotatedAccess).status()).isEqualTo(401);
    }

    @Test
    void ofManyConcurrentRefreshesWithOneTokenExactlyOneSucceeds() throws Exception {
        Users.LoggedIn user = Users.newUser(http);
        String body = "{\"refreshToken\":\"" + user.refreshToken() + "\"}";

        List<Http.Answer> answers = RateLimitIT.concurrently(12, 12,
                () -> http.post("/api/v1/auth/refresh", null, body));

        assertThat(answers.stream().filter(a -> a.status() == 200).count()).isEqualTo(1);
        assertThat(answers.stream().filter(a -> a.status() == 401).count()).isEqualTo(11);
    }

    @Test
    void cancellingAReservedBookingReturnsItsTickets() {
        Users.LoggedIn user = Users.newUser(http);
        String eventId = bigEvent();
        String bookingId = http.post("/api/v1/bookings", user.accessToken(),
                "{\"eventId\":\"" + eventId + "\",\"quantity\":3}").json().get("bookingId").asString();
        http.events("/api/v1/bookings/" + bookingId + "/stream", user.accessToken(),
                b -> b.get("status").asString().equals("RESERVED"));
        int held = http.get("/api/v1/events/" + eventId + "/availability", null).json().get("availableTickets").asInt();

        Http.Answer cancelled = http.delete("/api/v1/bookings/" + bookingId, user.accessToken());

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        int after = http.get("/api/v1/events/" + eventId + "/availability", null).json().get("availableTickets").asInt();
        assertThat(after).isEqualTo(held + 3);
    }

    @Test
    void sameIdempotencyKeyAndBodyReturnTheSameBookingAnotherBodyConflicts() {
        Users.LoggedIn user = Users.newUser(http);
        String eventId = bigEvent();
        String key = UUID.randomUUID().toString();
        String body = "{\"eventId\":\"" + eventId + "\",\"quantity\":1}";

        Http.Answer first = http.post("/api/v1/bookings", user.accessToken(), body, "Idempotency-Key", key);
        Http.Answer again = http.post("/api/v1/bookings", user.accessToken(), body, "Idempotency-Key", key);
        Http.Answer other = http.post("/api/v1/bookings", user.accessToken(),
                "{\"eventId\":\"" + eventId + "\",\"quantity\":2}", "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.json().get("bookingId").asString()).isEqualTo(first.json().get("bookingId").asString());
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().get("code").asString()).isEqualTo("CONFLICT");
        assertThat(http.get("/api/v1/bookings", user.accessToken()).json().get("bookings")).hasSize(1);
    }

    @Test
    void eventListIsCachedWithAnEntityTag() {
        Http.Answer first = http.get("/api/v1/events?category=concert", null);
        String etag = first.header("ETag");
        assertThat(etag).isNotBlank();
        assertThat(first.header("Cache-Control")).startsWith("public, max-age=");

        Http.Answer conditional = http.send(http.request("/api/v1/events?category=concert")
                .header("If-None-Match", etag).GET().build());

        assertThat(conditional.status()).isEqualTo(304);
        assertThat(conditional.body()).isEmpty();
    }

    /** RFC 9110 §15.4.5: a 304 carries the Vary its 200 would, compression's included. */
    @Test
    void aNotModifiedAnswerVariesAsItsFullAnswerDoes() {
        for (String path : List.of("/api/v1/events?pageSize=100", "/api/v1/events/evt-001")) {
            Http.Answer full = http.get(path, null, "Accept-Encoding", "gzip");
            Http.Answer notModified = http.get(path, null, "If-None-Match", full.header("ETag"), "Accept-Encoding", "gzip");

            assertThat(notModified.status()).as(path).isEqualTo(304);
            assertThat(varies(notModified)).as(path).isEqualTo(varies(full));
        }
        assertThat(varies(http.get("/api/v1/events?pageSize=100", null, "Accept-Encoding", "gzip")))
                .as("a list above the compression threshold").contains("accept-encoding");
    }

    @Test
    void aClientThatRanksIdentityAboveGzipGetsTheAnswerUncompressed() {
        String list = "/api/v1/events?pageSize=100"; // above the compression threshold
        Http.Answer preferred = http.get(list, null, "Accept-Encoding", "gzip;q=0.5, identity");
        Http.Answer compressed = http.get(list, null, "Accept-Encoding", "gzip, identity;q=0.5");

        assertThat(preferred.status()).isEqualTo(200);
        assertThat(preferred.header("Content-Encoding")).isNull();
        assertThat(preferred.json().get("events")).isNotEmpty();
        assertThat(varies(preferred)).contains("accept-encoding");
        assertThat(compressed.header("Content-Encoding")).isEqualTo("gzip");
    }

    /** The fields a response's Vary names, in lower case, wherever it lists them. */
    private static java.util.Set<String> varies(Http.Answer answer) {
        return answer.headers().allValues("Vary").stream().flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(v -> v.trim().toLowerCase(java.util.Locale.ROOT)).filter(v -> !v.isEmpty())
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void availabilityIsNotCached() {
        String eventId = bigEvent();
        Http.Answer availability = http.get("/api/v1/events/" + eventId + "/availability", null);

        assertThat(availability.status()).isEqualTo(200);
        assertThat(availability.header("ETag")).isNull();
        assertThat(availability.json().get("eventId").asString()).isEqualTo(eventId);
    }
}
