package com.ticketing.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Command-line options ({@code --name value} or {@code --name=value}); every option can also be
 * given as a system property {@code -Dload.<name>=value}. See {@link #USAGE}.
 */
public record Options(
        Duration warmup,
        Duration searchDuration,
        Duration pointDuration,
        Duration probeDuration,
        Duration jitWarmup,
        int searchSteps,
        List<Operation> scenarios,
        List<String> stores,
        boolean direct,
        String target,
        long gatewayPid,
        String grpcTicket,
        String grpcBooking,
        int connections,
        int users,
        int bookingsPerUser,
        double p99BoundMillis,
        List<Double> points,
        int openConnections,
        boolean jfr,
        List<String> gatewayJvmArgs,
        Path gatewayJar,
        Path out,
        Duration workerPace,
        boolean acceptGzip,
        boolean quick) {

    /**
     * The gateway image's heap and GC flags (Dockerfile ENTRYPOINT) in the deployment's 512 MiB
     * memory limit, which -XX:MaxRAM stands in for outside a container.
     */
    static final String CONTAINER_JVM_ARGS = "-XX:MaxRAM=512m -XX:MaxRAMPercentage=65 -XX:+UseParallelGC";

    public static final String USAGE = """
            Usage: LoadHarness [options]
              --duration S          measured seconds of each reported point (25/50/75% of max)   [3]
              --search-duration S   measured seconds of each max-rate search step              [3]
              --warmup S            unrecorded seconds at the step's rate before each step     [0.5]
              --search-steps N      most search steps per scenario                              [5]
              --probe-duration S    closed-loop capacity estimate before each search            [1.5]
              --jit-warmup S        closed-loop JIT warm-up after start-up, split over scenarios [32]
              --scenarios LIST      events,availability,booking-get,booking-create             [all]
              --stores LIST         memory,redis (gateway session store and rate limits)        [memory,redis]
              --no-direct           skip the direct gRPC baseline
              --quick               smoke run: short steps, 2 search steps (numbers not meaningful)
              --target URL          use a running gateway (no stubs/gateway started); stores = target
              --gateway-pid PID     with --target: the gateway's pid, for CPU and memory
              --grpc-ticket LIST    with --target: ticket service host:port,...  [localhost:50052,localhost:50062]
              --grpc-booking LIST   with --target: booking service host:port,... [localhost:50053,localhost:50063]
              --connections N       client connections (= worker threads) of the generator    [32]
              --users N             users registered and logged in for the scenarios           [60]
              --p99-bound MS        a rate is sustainable while p99 <= this (and achieved >= 95%, failures <= 0.1%) [50]
              --points LIST         fractions of the max rate to report latency at             [0.25,0.5,0.75]
              --open-connections N  connections held open for the memory measurement (0: skip) [1000]
              --jfr                 JFR-record the gateway (jcmd, settings=profile) during each scenario
              --accept-gzip         send Accept-Encoding: gzip on every gateway request (measures response compression)
              --gateway-jvm-args S  JVM options for the gateway process (space-separated); by default the image's
                                    heap and GC as in its 512 MiB pod: "{container}"
              --gateway-jar PATH    [gateway-app/target/gateway-app-0.1.0-SNAPSHOT-exec.jar]
              --out DIR             report directory                                            [load-tests/target]
              --worker-pace-us N    stub booking worker: µs per queued booking (paused in booking-create) [1000]
            """.replace("{container}", CONTAINER_JVM_ARGS);

    public static Options parse(String[] args) {
        List<String> list = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                list.add(arg.substring(0, eq));
                list.add(arg.substring(eq + 1));
            } else {
                list.add(arg);
            }
        }
        java.util.Map<String, String> given = new java.util.HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("load."))
                .forEach(k -> given.put(k.substring(5), System.getProperty(k)));
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg + "\n" + USAGE);
            }
            String name = arg.substring(2);
            switch (name) {
                case "quick", "no-direct", "jfr", "accept-gzip", "help" -> given.put(name, "true");
                default -> {
                    if (i + 1 >= list.size()) {
                        throw new IllegalArgumentException("--" + name + " needs a value\n" + USAGE);
                    }
                    given.put(name, list.get(++i));
                }
            }
        }
        if (given.containsKey("help")) {
            throw new IllegalArgumentException(USAGE);
        }
        boolean quick = Boolean.parseBoolean(given.getOrDefault("quick", "false"));
        String target = given.get("target");
        List<String> stores = target != null ? List.of("target")
                : split(given.getOrDefault("stores", "memory,redis"));
        for (String store : stores) {
            if (!List.of("memory", "redis", "target").contains(store)) {
                throw new IllegalArgumentException("unknown store " + store + " (memory, redis)");
            }
        }
        Options options = new Options(
                seconds(given.getOrDefault("warmup", "0.5")),
                seconds(given.getOrDefault("search-duration", quick ? "1" : "3")),
                seconds(given.getOrDefault("duration", quick ? "1" : "3")),
                seconds(given.getOrDefault("probe-duration", quick ? "1" : "1.5")),
                seconds(given.getOrDefault("jit-warmup", quick ? "2" : "32")),
                Integer.parseInt(given.getOrDefault("search-steps", quick ? "2" : "5")),
                split(given.getOrDefault("scenarios", "events,availability,booking-get,booking-create")).stream()
                        .map(Operation::byId).toList(),
                stores,
                !Boolean.parseBoolean(given.getOrDefault("no-direct", "false")),
                target == null ? null : stripSlash(target),
                Long.parseLong(given.getOrDefault("gateway-pid", "-1")),
                given.getOrDefault("grpc-ticket", "localhost:50052,localhost:50062"),
                given.getOrDefault("grpc-booking", "localhost:50053,localhost:50063"),
                Integer.parseInt(given.getOrDefault("connections", "32")),
                Integer.parseInt(given.getOrDefault("users", quick ? "20" : "60")),
                2,
                Double.parseDouble(given.getOrDefault("p99-bound", "50")),
                split(given.getOrDefault("points", "0.25,0.5,0.75")).stream().map(Double::parseDouble).toList(),
                Integer.parseInt(given.getOrDefault("open-connections", "1000")),
                Boolean.parseBoolean(given.getOrDefault("jfr", "false")),
                Arrays.stream(given.getOrDefault("gateway-jvm-args", CONTAINER_JVM_ARGS).trim().split("\\s+"))
                        .filter(s -> !s.isEmpty()).toList(),
                Path.of(given.getOrDefault("gateway-jar", "gateway-app/target/gateway-app-0.1.0-SNAPSHOT-exec.jar")),
                Path.of(given.getOrDefault("out", "load-tests/target")),
                Duration.ofNanos(Long.parseLong(given.getOrDefault("worker-pace-us", "1000")) * 1000),
                given.containsKey("accept-gzip"),
                quick);
        if (options.connections() < 1 || options.users() < 1 || options.searchSteps() < 1) {
            throw new IllegalArgumentException("connections, users and search-steps must be positive");
        }
        return options;
    }

    /** The sustainability rule of the max-rate search. */
    public SustainCriteria criteria() {
        return new SustainCriteria(p99BoundMillis, 0.95, 0.001);
    }

    private static List<String> split(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Duration seconds(String value) {
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
