package com.ticketing.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway as a separate process ({@code java -jar gateway-app-…-exec.jar}) configured through
 * its environment, as in production. Measures start-up (process start → first {@code /health} 200),
 * and reads its CPU time, RSS and heap.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("Started \\S+ in ([0-9.]+) seconds");

    private final Process process;
    private final int port;
    private final Path log;
    private final double startupMillis;

    private GatewayProcess(Process process, int port, Path log, double startupMillis) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.startupMillis = startupMillis;
    }

    /**
     * Starts the jar with {@code java} (the harness's own JDK) and waits for {@code /health} 200.
     *
     * @param env settings (PORT must be among them)
     */
    public static GatewayProcess start(Path java, Path jar, List<String> jvmArgs, Map<String, String> env, Path log,
                                       Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        int port = Integer.parseInt(env.get("PORT"));
        long t0 = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the gateway: " + command, e);
        }
        long deadline = t0 + timeout.toNanos();
        HttpConnection probe = new HttpConnection("127.0.0.1", port, 1000);
        byte[] health = HttpConnection.get("127.0.0.1:" + port, "/health");
        try {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the gateway exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    if (probe.exchange(health) == 200) {
                        break;
                    }
                } catch (IOException e) {
                    probe.close(); // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the gateway did not answer /health within " + timeout + "; see " + log);
                }
                LoadGenerator.parkUntil(System.nanoTime() + 5_000_000L);
            }
        } finally {
            probe.close();
        }
        double startup = (System.nanoTime() - t0) / 1e6;
        return new GatewayProcess(process, port, log, startup);
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    /** Process start → first /health 200, as measured by the harness. */
    public double startupMillis() {
        return startupMillis;
    }

    /** Spring Boot's own "Started … in X seconds" from the log, in ms, if found. */
    public Optional<Double> reportedStartupMillis() {
        try {
            Matcher m = STARTED.matcher(Files.readString(log));
            return m.find() ? Optional.of(Double.parseDouble(m.group(1)) * 1000) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public CpuMeter cpuMeter() {
        return CpuMeter.ofPid("gateway", pid());
    }

    /** VmRSS and VmHWM from /proc/&lt;pid&gt;/status in MiB. */
    public static Map<String, Double> memory(long pid) {
        try {
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            return Map.of("rss", kbField(status, "VmRSS"), "hwm", kbField(status, "VmHWM"));
        } catch (IOException e) {
            return Map.of();
        }
    }

    static double kbField(String status, String field) {
        Matcher m = Pattern.compile("(?m)^" + field + ":\\s+(\\d+) kB").matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : -1;
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: graceful shutdown
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
