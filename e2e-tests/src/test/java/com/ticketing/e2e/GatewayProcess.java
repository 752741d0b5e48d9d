package com.ticketing.e2e;

import com.ticketing.stub.StubCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The gateway as its container runs it: the built exec jar ({@code gateway-app/target/*-exec.jar})
 * in its own JVM, configured only through environment variables, on a free port, its output in
 * {@code target/<name>.log}. {@link #close()} kills it if it still runs.
 */
final class GatewayProcess implements AutoCloseable {

    private static final Path BASEDIR = Path.of(System.getProperty("basedir", "."));
    private static final Path JAR_DIR = BASEDIR.resolve("../gateway-app/target").normalize();
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    private final int port;

    private GatewayProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the gateway with only {@code environment} (plus PATH, HOME and PORT, and
     * WARMUP_MAX_SECONDS=0 unless {@code environment} sets it); does not wait.
     */
    static GatewayProcess launch(String name, Map<String, String> environment) {
        try {
            int port = freePort();
            Path log = Files.createDirectories(BASEDIR.resolve("target")).resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(javaBinary(), "--enable-native-access=ALL-UNNAMED",
                    "-jar", execJar().toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(variable -> !variable.equals("PATH") && !variable.equals("HOME"));
            // No JIT warm-up before serving unless a test asks for it: it would add up to a minute per start.
            env.put("WARMUP_MAX_SECONDS", "0");
            env.putAll(environment);
            env.put("PORT", String.valueOf(port));
            return new GatewayProcess(builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #launch} and {@link #awaitHealthy()}. */
    static GatewayProcess start(String name, Map<String, String> environment) {
        GatewayProcess gateway = launch(name, environment);
        try {
            gateway.awaitHealthy();
        } catch (RuntimeException | Error e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    /** The variables that point a gateway at {@code stubs} (and their signing secrets), health-checked often. */
    static Map<String, String> stubEnvironment(StubCluster stubs) {
        Map<String, String> env = new HashMap<>(stubs.gatewayEnvironment());
        env.put("GRPC_HEALTH_CHECK_INTERVAL_MS", "300");
        return env;
    }

    /** Waits until {@code /health} answers 200; fails with the log if the process exits or takes too long. */
    void awaitHealthy() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(HEALTHY_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                if (client.send(request("/health"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the gateway", e);
            }
            sleep(200);
        }
        throw new AssertionError("the gateway was not healthy within " + HEALTHY_WITHIN + ":\n" + logText());
    }

    int port() {
        return port;
    }

    /** A client for this gateway. */
    Http http() {
        return new Http(port);
    }

    HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build();
    }

    Path log() {
        return log;
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the log holds {@code line}. */
    void awaitLog(String line, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!logText().contains(line)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no '" + line + "' within " + timeout + ":\n" + logText());
            }
            sleep(20);
        }
    }

    /** SIGTERM, as a container runtime stops it. */
    void terminate() {
        process.destroy();
    }

    /** Whether it exited within {@code timeout}. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
