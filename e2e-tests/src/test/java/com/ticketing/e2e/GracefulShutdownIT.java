package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.stub.StubCluster;
import com.ticketing.stub.StubConfig;
import com.ticketing.stub.StubService;
import com.ticketing.stub.StubServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway as its container runs it: the built exec jar in its own process, stopped with
 * SIGTERM while slow requests are in flight. Every one of them must complete, new connections must
 * be turned away meanwhile, and the process must exit cleanly within the drain time.
 */
class GracefulShutdownIT {

    private static final Duration UPSTREAM_LATENCY = Duration.ofMillis(800);
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final int IN_FLIGHT = 20;
    private static final String SLOW_PATH = "/api/v1/events/evt-001/availability";
    /** Spring Boot's line when the web server stops taking requests and starts draining. */
    private static final String DRAIN_STARTED = "Commencing graceful shutdown";

    private StubCluster stubs;
    private GatewayProcess gateway;

    @BeforeEach
    void startStubsAndGatewayProcess() {
        stubs = StubServices.start(StubConfig.defaults().withEphemeralPorts().withRandomJwtSecrets());
        for (int instance = 0; instance < stubs.config().instancesPerService(); instance++) {
            stubs.setLatency(StubService.TICKET, instance, UPSTREAM_LATENCY);
        }
        Map<String, String> env = GatewayProcess.stubEnvironment(stubs);
        env.put("SHUTDOWN_DRAIN_MS", String.valueOf(DRAIN.toMillis()));
        env.put("RATE_LIMIT_MAX_REQUESTS", "100000");
        env.put("RATE_LIMIT_USER_MAX_REQUESTS", "100000");
        gateway = GatewayProcess.start("graceful-shutdown-gateway", env);
    }

    @AfterEach
    void stopEverything() {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            if (stubs != null) {
                stubs.close();
            }
        }
    }

    @Test
    void sigtermLetsInFlightRequestsFinishRefusesNewConnectionsAndExitsWithinTheDrainTime() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        openConnections(client);
        assertThat(get(client, SLOW_PATH).statusCode()).as("warm-up call through the slow ticket service").isEqualTo(200);

        List<CompletableFuture<Completion>> inFlight = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            inFlight.add(client.sendAsync(request(SLOW_PATH), HttpResponse.BodyHandlers.ofString())
                    .handle((response, failure) -> new Completion(response, failure, Instant.now())));
        }
        // Half the latency: ample time for the requests to reach the gateway on open connections,
        // and as much again before any of them can be answered.
        Thread.sleep(UPSTREAM_LATENCY.toMillis() / 2);
        Instant sigterm = Instant.now();
        gateway.terminate();

        gateway.awaitLog(DRAIN_STARTED, Duration.ofSeconds(5));
        Thread.sleep(50); // the line is logged just before the listening socket closes
        assertThat(inFlight).as("still draining").anyMatch(call -> !call.isDone());
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(newConnectionAnswer()).as("a new connection after the drain began")
                    .isIn("refused", "503");
            Thread.sleep(100);
        }

        for (CompletableFuture<Completion> call : inFlight) {
            Completion done = call.get(DRAIN.toSeconds(), TimeUnit.SECONDS);
            assertThat(done.failure()).as("in-flight request failed").isNull();
            assertThat(done.response().statusCode()).as(done.response().body()).isEqualTo(200);
            assertThat(done.response().body()).contains("availableTickets");
            assertThat(done.at()).as("answered after SIGTERM, so it was in flight").isAfter(sigterm);
        }
        boolean exited = gateway.awaitExit(DRAIN.minus(Duration.between(sigterm, Instant.now())));
        assertThat(exited).as("exited within the drain time of " + DRAIN + "; log " + gateway.log()).isTrue();
        assertThat(gateway.exitValue()).as("exit code (143 = terminated by SIGTERM after a clean shutdown)")
                .isIn(0, 143);
    }

    private record Completion(HttpResponse<String> response, Throwable failure, Instant at) {
    }

    @Test
    void sigtermEndsAnOpenEventStreamWithAShutdownEventAndExitsLongBeforeTheDrainTime() throws Exception {
        Http http = gateway.http();
        Users.LoggedIn user = Users.newUser(http);
        Http.Answer booked = http.post("/api/v1/bookings", user.accessToken(), "{\"eventId\":\"evt-001\",\"quantity\":1}");
        assertThat(booked.status()).as(booked.body()).isEqualTo(202);
        String bookingId = booked.json().get("bookingId").asString();
        HttpRequest watch = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/api/v1/bookings/" + bookingId + "/stream"))
                .header("Authorization", "Bearer " + user.accessToken()).header("Accept", "text/event-stream")
                .header("X-Request-Id", "watch-1").timeout(Duration.ofSeconds(60)).GET().build();
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Instant> streamEnded = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                        .send(watch, HttpResponse.BodyHandlers.ofLines());
                try (Stream<String> body = response.body()) {
                    body.forEach(lines::add);
                }
                streamEnded.complete(Instant.now());
            } catch (IOException | InterruptedException | RuntimeException e) {
                streamEnded.completeExceptionally(e);
            }
        });
        awaitLine(lines, "retry: 2000", Duration.ofSeconds(5)); // the first event

        Instant sigterm = Instant.now();
        gateway.terminate();

        Instant ended = streamEnded.get(5, TimeUnit.SECONDS);
        assertThat(lines).as("the stream's last event").endsWith("event: shutdown", "retry: 1000",
                "data: {\"reason\":\"shutdown\",\"detail\":\"this gateway instance is shutting down; reconnect to"
                        + " resume the stream\",\"requestId\":\"watch-1\"}", "");
        assertThat(Duration.between(sigterm, ended)).as("the stream ended at once, not after the drain")
                .isLessThan(Duration.ofSeconds(2));
        boolean exited = gateway.awaitExit(DRAIN.dividedBy(2));
        assertThat(exited).as("exited well within the drain time of " + DRAIN + "; log " + gateway.log()).isTrue();
        assertThat(gateway.exitValue()).isIn(0, 143);
        assertThat(gateway.logText()).contains("ending 1 open event stream(s)");
    }

    private static void awaitLine(List<String> lines, String line, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!lines.contains(line)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no '" + line + "' within " + timeout + "; read " + lines);
            }
            Thread.sleep(20);
        }
    }

    /** "refused" when the gateway turns the connection away, else the status it answered with. */
    private String newConnectionAnswer() throws InterruptedException {
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        try {
            return String.valueOf(fresh.send(request("/health"), HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            return "refused";
        }
    }

    /** Opens one keep-alive connection per in-flight request, so none of them waits for a connect. */
    private void openConnections(HttpClient client) {
        List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            calls.add(client.sendAsync(request("/health"), HttpResponse.BodyHandlers.discarding()));
        }
        calls.forEach(call -> assertThat(call.join().statusCode()).isEqualTo(200));
    }

    private HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
        return client.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path) {
        return gateway.request(path);
    }

}
