package com.ticketing.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The data the scenarios read: users registered and logged in through the gateway (so their
 * sessions live in the gateway's session store) and bookings they own, settled by the worker.
 */
public record Fixture(List<User> users, List<BookingRef> bookings) {

    public static final String PASSWORD = "correct-horse-battery";
    /** Events with 5,000 tickets each: where created bookings go. */
    public static final List<String> LARGE_EVENTS = List.of("evt-001", "evt-003", "evt-006", "evt-016", "evt-018");
    /** All 24 events of the stub catalog. */
    public static final List<String> ALL_EVENTS = allEvents();

    public record User(String email, String userId, String sessionId, String accessToken) {
    }

    public record BookingRef(String bookingId, User owner) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Registers and logs in {@code userCount} users, lets each create {@code bookingsPerUser}
     * bookings, and waits until the booking worker has decided them (so reads see settled bookings).
     */
    public static Fixture prepare(String baseUrl, int userCount, int bookingsPerUser) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<User> users = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int u = 0; u < userCount; u++) {
            String email = "load-" + run + "-" + u + "@example.com";
            JsonNode registered = send(client, post(baseUrl + "/api/v1/auth/register", null,
                    "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
                            + "\",\"firstName\":\"Load\",\"lastName\":\"Tester\"}"), 201);
            JsonNode login = send(client, post(baseUrl + "/api/v1/auth/login", null,
                    "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"), 200);
            String token = login.get("accessToken").asString();
            String userId = login.has("userId") ? login.get("userId").asString()
                    : registered.path("userId").asString();
            users.add(new User(email, userId, claim(token, "sid"), token));
        }
        List<BookingRef> bookings = new ArrayList<>();
        for (int b = 0; b < bookingsPerUser; b++) {
            for (int u = 0; u < users.size(); u++) {
                User user = users.get(u);
                String event = LARGE_EVENTS.get((u + b) % LARGE_EVENTS.size());
                JsonNode booking = send(client, post(baseUrl + "/api/v1/bookings", user.accessToken(),
                        "{\"eventId\":\"" + event + "\",\"quantity\":1}"), 202);
                bookings.add(new BookingRef(booking.get("bookingId").asString(), user));
            }
        }
        awaitSettled(client, baseUrl, bookings);
        return new Fixture(List.copyOf(users), List.copyOf(bookings));
    }

    private static void awaitSettled(HttpClient client, String baseUrl, List<BookingRef> bookings) {
        if (bookings.isEmpty()) {
            return;
        }
        BookingRef last = bookings.get(bookings.size() - 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode booking = send(client, get(baseUrl + "/api/v1/bookings/" + last.bookingId(),
                    last.owner().accessToken()), 200);
            if (!"QUEUED".equals(booking.path("status").asString())) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException("bookings still QUEUED after 60 s; is the booking worker running?");
    }

    /** A claim of a JWT's payload, read without verifying (the harness only forwards it). */
    static String claim(String jwt, String name) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return "";
        }
        JsonNode payload = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        return payload.path(name).asString("");
    }

    private static HttpRequest post(String url, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    private static HttpRequest get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).GET().build();
    }

    private static JsonNode send(HttpClient client, HttpRequest request, int expected) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " answered "
                        + response.statusCode() + " (expected " + expected + "): " + response.body()
                        + (response.statusCode() == 429 ? " — raise the gateway's RATE_LIMIT_* settings" : ""));
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> allEvents() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 24; i++) {
            ids.add(String.format("evt-%03d", i));
        }
        return List.copyOf(ids);
    }
}
