package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.stub.StubCluster;
import com.ticketing.stub.StubConfig;
import com.ticketing.stub.StubService;
import com.ticketing.stub.StubServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

    private static final Path BASEDIR = Path.of(System.getProperty("basedir", "."));
    private static final Path JAR_DIR = BASEDIR.resolve("../gateway-app/target").normalize();
    private static final Duration UPSTREAM_LATENCY = Duration.ofMillis(800);
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final int IN_FLIGHT = 20;
    private static final String SLOW_PATH = "/api/v1/events/evt-001/availability";
    /** Spring Boot's line when the web server stops taking requests and starts draining. */
    private static final String DRAIN_STARTED = "Commencing graceful shutdown";

    private StubCluster stubs;
    private Process gateway;
    private Path log;
    private int port;

    @BeforeEach
    void startStubsAndGatewayProcess() throws IOException, InterruptedException {
        String accessSecret = randomSecret();
        String refreshSecret = randomSecret();
        stubs = StubServices.start(StubConfig.defaults().withEphemeralPorts().withJwtSecrets(accessSecret, refreshSecret));
        for (int instance = 0; instance < stubs.config().instancesPerService(); instance++) {
            stubs.setLatency(StubService.TICKET, instance, UPSTREAM_LATENCY);
        }
        port = freePort();
        log = Files.createDirectories(BASEDIR.resolve("target")).resolve("graceful-shutdown-gateway.log");
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "--enable-native-access=ALL-UNNAMED",
                "-jar", execJar().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME"));
        env.put("PORT", String.valueOf(port));
        env.put("JWT_SECRET", accessSecret);
        env.put("JWT_REFRESH_SECRET", refreshSecret);
        env.put("GRPC_AUTH_SERVICE_URL", stubs.target(StubService.AUTH));
        env.put("GRPC_TICKET_SERVICE_URL", stubs.target(StubService.TICKET));
        env.put("GRPC_BOOKING_SERVICE_URL", stubs.target(StubService.BOOKING));
        env.put("GRPC_PAYMENT_SERVICE_URL", stubs.target(StubService.PAYMENT));
        env.put("GRPC_BOOKING_WORKER_URL", stubs.target(StubService.BOOKING_WORKER));
        env.put("GRPC_HEALTH_CHECK_INTERVAL_MS", "300");
        env.put("SHUTDOWN_DRAIN_MS", String.valueOf(DRAIN.toMillis()));
        env.put("RATE_LIMIT_MAX_REQUESTS", "100000");
        env.put("RATE_LIMIT_USER_MAX_REQUESTS", "100000");
        gateway = builder.start();
        awaitHealthy(Duration.ofSeconds(90));
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        try {
            if (gateway != null && gateway.isAlive()) {
                gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
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
        gateway.destroy();

        awaitLog(DRAIN_STARTED, Duration.ofSeconds(5));
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
        boolean exited = gateway.waitFor(DRAIN.toMillis() - Duration.between(sigterm, Instant.now()).toMillis(),
                TimeUnit.MILLISECONDS);
        assertThat(exited).as("exited within the drain time of " + DRAIN + "; log " + log).isTrue();
        assertThat(gateway.exitValue()).as("exit code (143 = terminated by SIGTERM after a clean shutdown)")
                .isIn(0, 143);
    }

    private record Completion(HttpResponse<String> response, Throwable failure, Instant at) {
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
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build();
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!gateway.isAlive()) {
                throw new AssertionError("the gateway exited with " + gateway.exitValue() + ":\n" + logText());
            }
            try {
                if (client.send(request("/health"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the gateway was not healthy within " + timeout + ":\n" + logText());
    }

    private void awaitLog(String line, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!logText().contains(line)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no '" + line + "' within " + timeout + ":\n" + logText());
            }
            Thread.sleep(20);
        }
    }

    private String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path execJar() throws IOException {
        try (Stream<Path> files = Files.list(JAR_DIR)) {
            return files.filter(f -> f.getFileName().toString().matches("gateway-app-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no gateway-app exec jar in " + JAR_DIR
                            + ": build it with mvn -pl gateway-app -am package"));
        }
    }

    /** The java of this JVM (a JDK >= 21, chosen by the build's toolchain). */
    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
