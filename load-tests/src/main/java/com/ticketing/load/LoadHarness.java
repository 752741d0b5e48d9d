package com.ticketing.load;

import com.ticketing.gateway.adapter.redis.RedisServerFixture;
import com.ticketing.stub.StubConfig;
import com.ticketing.stub.StubService;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The load harness ({@code test:load}): starts the stub services in this JVM, a redis-server when
 * needed, and the gateway as a separate process; prepares users and bookings; then for every
 * scenario and store finds the maximum sustainable rate (open model, constant arrival rate,
 * latency from the intended send time), measures latency at fractions of it, and runs the direct
 * gRPC baseline at the same rates. Writes {@code load-report.md} and {@code latency-vs-rate.html}.
 * Run it with {@code scripts/load-test.sh} (BENCHMARKS.md).
 */
public final class LoadHarness {

    private static final String DIRECT = "direct-grpc";
    private static final int RATE_LIMIT_UNLIMITED = 1_000_000_000;
    /** The stub worker's pace during booking-create: paused (queued bookings stay queued during a step). */
    private static final Duration CREATE_WORKER_PACE = Duration.ofHours(1);

    private final Options options;
    private final RunSummary summary = new RunSummary();
    private final Set<Operation> directSearched = new LinkedHashSet<>();
    private final long startedAt = System.nanoTime();
    /** The gateway process of the current session, for JFR; -1 when unknown. */
    private long gatewayPid = -1;
    /** How long each restart of the stubs before a booking-create step took (ms). */
    private final List<Double> restartMillis = new ArrayList<>();

    private LoadHarness(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Logger.getLogger("").setLevel(Level.WARNING);
        Logger.getLogger("io.grpc").setLevel(Level.SEVERE);
        new LoadHarness(options).run();
        System.exit(0);
    }

    private void run() throws IOException {
        Files.createDirectories(options.out());
        environment();
        if (options.acceptGzip()) {
            HttpConnection.defaultHeaders(List.of("Accept-Encoding: gzip"));
            summary.environment.add("every gateway request sends Accept-Encoding: gzip");
        }
        if (options.target() != null) {
            targetSession();
        } else {
            for (String store : options.stores()) {
                ownSession(store);
            }
        }
        if (!restartMillis.isEmpty()) {
            summary.notes.add(String.format("booking-create: the stubs were restarted empty (worker paused) before each "
                    + "of its %d steps and probes, %.1f s on average, not counted in any step",
                    restartMillis.size(), restartMillis.stream().mapToDouble(Double::doubleValue).average().orElse(0) / 1000));
        }
        summary.environment.add("load average at the end: " + loadAverage());
        summary.environment.add(String.format("harness wall time: %.0f s", (System.nanoTime() - startedAt) / 1e9));
        Report report = new Report(options, summary);
        String markdown = report.markdown();
        Files.writeString(options.out().resolve("load-report.md"), markdown);
        Files.writeString(options.out().resolve("latency-vs-rate.html"), report.html());
        System.out.println();
        System.out.println(markdown);
        System.out.println("Written: " + options.out().resolve("load-report.md") + " and "
                + options.out().resolve("latency-vs-rate.html"));
    }

    // ---------------------------------------------------------------- sessions

    /** Fresh stubs (and redis-server) and a fresh gateway process for one store. */
    private void ownSession(String store) {
        log("=== session: gateway with the %s store ===", store);
        StubConfig config = StubConfig.defaults().withEphemeralPorts()
                .withRandomJwtSecrets()
                .withAccessTokenTtl(Duration.ofHours(4))
                .withWorkerPace(options.workerPace())
                .withHoldDuration(Duration.ofHours(2));
        try (StubStack stubs = StubStack.start(config);
             RedisServerFixture redis = "redis".equals(store) ? RedisServerFixture.startOnFreePort() : null) {
            int port = RedisServerFixture.freePort();
            Map<String, String> env = new HashMap<>(stubs.gatewayEnvironment());
            env.put("PORT", Integer.toString(port));
            for (String limit : List.of("RATE_LIMIT_MAX_REQUESTS", "RATE_LIMIT_USER_MAX_REQUESTS",
                    "RATE_LIMIT_LOGIN_MAX_REQUESTS", "RATE_LIMIT_REGISTER_MAX_REQUESTS",
                    "RATE_LIMIT_PAYMENT_MAX_REQUESTS")) {
                env.put(limit, Integer.toString(RATE_LIMIT_UNLIMITED));
            }
            // Overload steps must not open breakers for the steps after them (config parity, A6).
            // The largest threshold the gateway takes: it sizes the breaker's window (1000000 once kept
            // ~240 MB of it alive and the heap in full collections of ~150 ms every 2 s).
            env.put("CIRCUIT_BREAKER_THRESHOLD", "1000");
            // Every connection of the harness (the memory probe's open connections too) comes from one address.
            env.put("SERVER_MAX_CONNECTIONS_PER_CLIENT",
                    Integer.toString(Math.max(256, options.openConnections() + options.connections() + 16)));
            env.put("SHUTDOWN_DRAIN_MS", "2000");
            // Start-up is measured without the JIT warm-up before serving (scripts/warmup.sh measures
            // that); the harness warms every step itself. WARMUP_MAX_SECONDS in its environment overrides.
            env.put("WARMUP_MAX_SECONDS", System.getenv().getOrDefault("WARMUP_MAX_SECONDS", "0"));
            if (redis != null) {
                env.put("REDIS_URL", redis.url());
            }
            List<String> jvmArgs = new ArrayList<>(options.gatewayJvmArgs());
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Path log = options.out().toAbsolutePath().resolve("gateway-" + store + ".log");
            log("starting the gateway (%s), log %s", java, log);
            try (GatewayProcess gateway = GatewayProcess.start(java, options.gatewayJar().toAbsolutePath(), jvmArgs,
                    env, log, Duration.ofSeconds(60))) {
                summary.startups.add(new RunSummary.Startup(store, gateway.startupMillis(),
                        gateway.reportedStartupMillis()));
                log("gateway pid %d up in %.0f ms (Spring Boot says %s)", gateway.pid(), gateway.startupMillis(),
                        gateway.reportedStartupMillis().map(ms -> String.format("%.0f ms", ms)).orElse("?"));
                List<CpuMeter> meters = new ArrayList<>();
                meters.add(gateway.cpuMeter());
                meters.add(CpuMeter.self("harness"));
                if (redis != null) {
                    redisPid().ifPresent(pid -> meters.add(CpuMeter.ofPid("redis", pid)));
                }
                String ticket = stubs.target(StubService.TICKET);
                String booking = stubs.target(StubService.BOOKING);
                gatewayPid = gateway.pid();
                session("gateway-" + store, "127.0.0.1", port, meters, ticket, booking,
                        () -> stubs.restart(CREATE_WORKER_PACE));
                if (options.openConnections() > 0) {
                    log("memory with %d open connections...", options.openConnections());
                    OpenConnectionsProbe.Result memory = OpenConnectionsProbe.run("127.0.0.1", port, gateway.pid(),
                            options.openConnections(), "/api/v1/events");
                    summary.memory.add(new RunSummary.Memory(store, memory));
                    log("  %s", memory);
                }
            }
        }
    }

    /** A running gateway (and stubs for the direct baseline) given by the options. */
    private void targetSession() {
        URI uri = URI.create(options.target());
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        List<CpuMeter> meters = new ArrayList<>();
        if (options.gatewayPid() > 0) {
            meters.add(CpuMeter.ofPid("gateway", options.gatewayPid()));
        }
        meters.add(CpuMeter.self("harness"));
        summary.notes.add("Gateway at " + options.target() + " (started outside the harness); stubs at "
                + options.grpcTicket() + " / " + options.grpcBooking());
        summary.notes.add("booking-create against a running stack: the stubs' queue and ledger are not reset first");
        session("gateway-target", uri.getHost(), port, meters, options.grpcTicket(), options.grpcBooking(), null);
        if (options.openConnections() > 0 && options.gatewayPid() > 0) {
            summary.memory.add(new RunSummary.Memory("target", OpenConnectionsProbe.run(uri.getHost(), port,
                    options.gatewayPid(), options.openConnections(), "/api/v1/events")));
        }
    }

    /**
     * @param freshStubsForCreate restarts the stubs empty, booking worker paused, before each
     *                            booking-create step (null: cannot)
     */
    private void session(String variant, String host, int port, List<CpuMeter> meters, String ticketTarget,
                         String bookingTarget, Runnable freshStubsForCreate) {
        String baseUrl = "http://" + host + ":" + port;
        String hostHeader = host + ":" + port;
        log("preparing %d users and %d bookings...", options.users(), options.users() * options.bookingsPerUser());
        Fixture fixture = Fixture.prepare(baseUrl, options.users(), options.bookingsPerUser());
        List<HttpConnection> connections = new ArrayList<>();
        for (int c = 0; c < options.connections(); c++) {
            connections.add(new HttpConnection(host, port, 10_000));
        }
        try (GrpcDirect direct = options.direct() ? new GrpcDirect(ticketTarget, bookingTarget) : null) {
            // JIT warm-up of every path (gateway and direct), discarded. booking-create warms up
            // in its own phase when the stubs can be restarted afterwards (its bookings would
            // otherwise sit in the stubs' queue during the other scenarios).
            Duration perScenario = options.jitWarmup().dividedBy(options.scenarios().size());
            for (Operation op : options.scenarios()) {
                if (op == Operation.BOOKING_CREATE && freshStubsForCreate != null) {
                    continue;
                }
                warmUp(op, connections, hostHeader, fixture, direct, perScenario);
            }
            idleCpu(variant, meters);
            // booking-create last: every booking stays in the stubs' ledger and makes them slower.
            List<Operation> order = new ArrayList<>(options.scenarios());
            if (order.remove(Operation.BOOKING_CREATE)) {
                order.add(Operation.BOOKING_CREATE);
            }
            for (Operation op : order) {
                List<Caller> gatewayCallers = op.httpCallers(connections, hostHeader, fixture);
                Path recording = options.jfr() ? startJfr(variant, op) : null;
                List<Caller> directCallers = direct == null ? null
                        : direct.callers(op, fixture, options.connections());
                Runnable beforeStep = () -> { };
                if (op == Operation.BOOKING_CREATE && freshStubsForCreate != null) {
                    // Every created booking stays in the stubs' queue and ledger, and the stub's queue
                    // costs grow with its length (BookingQueue is O(n) per enqueue and dequeue): every
                    // booking-create step starts from empty stubs whose worker is paused, so each step
                    // (gateway or direct) meets the same backend state instead of the previous step's backlog.
                    beforeStep = () -> {
                        long t0 = System.nanoTime();
                        freshStubsForCreate.run();
                        awaitSuccess(gatewayCallers.get(0), "the gateway to reach the restarted stubs");
                        if (directCallers != null) {
                            awaitSuccess(directCallers.get(0), "the restarted stubs");
                        }
                        restartMillis.add((System.nanoTime() - t0) / 1e6);
                    };
                    beforeStep.run();
                    warmUp(op, connections, hostHeader, fixture, direct, perScenario);
                }
                double max = searchMax(op, variant, gatewayCallers, meters, beforeStep);
                for (double fraction : options.points()) {
                    double rate = MaxRateSearch.round(max * fraction);
                    if (rate <= 0) {
                        continue;
                    }
                    String phase = pct(fraction) + " of max";
                    beforeStep.run();
                    StepResult gw = step(op, variant, phase, gatewayCallers, rate, options.pointDuration(), meters);
                    StepResult dr = null;
                    if (directCallers != null) {
                        beforeStep.run();
                        dr = step(op, DIRECT, phase + " (" + variant + ")", directCallers, rate,
                                options.pointDuration(), meters);
                    }
                    summary.points.add(new RunSummary.Point(op, variant, fraction, gw, dr));
                }
                if (recording != null) {
                    stopJfr(recording);
                }
                if (directCallers != null && directSearched.add(op)) {
                    searchMax(op, DIRECT, directCallers, meters, beforeStep);
                }
            }
        } finally {
            connections.forEach(HttpConnection::close);
        }
    }

    /** Closed-loop traffic on the gateway path (and the direct one, until searched) for the JIT. */
    private void warmUp(Operation op, List<HttpConnection> connections, String hostHeader, Fixture fixture,
                        GrpcDirect direct, Duration duration) {
        LoadGenerator.saturate(op.httpCallers(connections, hostHeader, fixture), duration);
        if (direct != null && !directSearched.contains(op)) {
            LoadGenerator.saturate(direct.callers(op, fixture, options.connections()), duration.dividedBy(2));
        }
    }

    /** Waits until {@code caller} succeeds 8 times in a row (every instance/channel reconnected). */
    private void awaitSuccess(Caller caller, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int inARow = 0;
        for (long i = 0; System.nanoTime() < deadline; i++) {
            try {
                inARow = Caller.isSuccess(caller.call(i)) ? inARow + 1 : 0;
            } catch (Exception e) {
                inARow = 0;
            }
            if (inARow >= 8) {
                return;
            }
            if (inARow == 0) {
                LoadGenerator.parkUntil(System.nanoTime() + 20_000_000L);
            }
        }
        throw new IllegalStateException("timed out waiting for " + what);
    }

    /** Starts a JFR recording (settings=profile) in the gateway with jcmd, for one scenario's runs. */
    private Path startJfr(String variant, Operation op) {
        long pid = gatewayPid > 0 ? gatewayPid : options.gatewayPid();
        if (pid <= 0) {
            log("no gateway pid: no JFR recording");
            return null;
        }
        Path file = options.out().toAbsolutePath().resolve(variant + "-" + op.id() + ".jfr");
        jcmd(pid, "JFR.start", "name=load", "settings=profile", "filename=" + file);
        summary.notes.add("JFR recording (settings=profile) of the gateway during the " + op.id() + " runs ("
                + variant + "; the recording's overhead is in these numbers): " + file);
        return file;
    }

    private void stopJfr(Path file) {
        long pid = gatewayPid > 0 ? gatewayPid : options.gatewayPid();
        jcmd(pid, "JFR.stop", "name=load", "filename=" + file);
        log("JFR recording written: %s", file);
    }

    private void jcmd(long pid, String... command) {
        List<String> args = new ArrayList<>();
        args.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        args.add(Long.toString(pid));
        args.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                log("jcmd failed: %s", out.trim());
            }
        } catch (IOException e) {
            log("jcmd failed: %s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Background CPU while nothing is sent (health checks, stub worker, GC…), as a share of one core. */
    private void idleCpu(String variant, List<CpuMeter> meters) {
        LoadGenerator.parkUntil(System.nanoTime() + 2_000_000_000L);
        long[] before = meters.stream().mapToLong(CpuMeter::cpuNanos).toArray();
        long t0 = System.nanoTime();
        LoadGenerator.parkUntil(t0 + 3_000_000_000L);
        long[] after = meters.stream().mapToLong(CpuMeter::cpuNanos).toArray();
        double wall = System.nanoTime() - t0;
        List<String> parts = new ArrayList<>();
        for (int m = 0; m < meters.size(); m++) {
            parts.add(String.format("%s %.1f%%", meters.get(m).name(), (after[m] - before[m]) / wall * 100));
        }
        String line = "idle CPU during the " + variant + " session (share of one core, 3 s, nothing sent): "
                + String.join(", ", parts);
        summary.notes.add(line);
        log("%s", line);
    }

    private double searchMax(Operation op, String variant, List<Caller> callers, List<CpuMeter> meters,
                             Runnable beforeStep) {
        beforeStep.run();
        double estimate = LoadGenerator.saturate(callers, options.probeDuration());
        log("%s %s: closed-loop estimate %.0f/s", op.id(), variant, estimate);
        SustainCriteria criteria = options.criteria();
        MaxRateSearch.Plan plan = new MaxRateSearch.Plan(1.0, 1.3, 0.06, options.searchSteps(), 10);
        MaxRateSearch.Outcome outcome = MaxRateSearch.search(Math.max(estimate, 20), plan,
                rate -> {
                    beforeStep.run();
                    return step(op, variant, "search", callers, rate, options.searchDuration(), meters);
                },
                criteria::isSustainable);
        summary.searches.add(new RunSummary.Search(op, variant, estimate, outcome));
        log("%s %s: max sustainable %.0f/s%s", op.id(), variant, outcome.maxRate(),
                outcome.lowestFailing().map(f -> String.format(" (%.0f/s was not)", f)).orElse(""));
        return outcome.maxRate();
    }

    private StepResult step(Operation op, String variant, String phase, List<Caller> callers, double rate,
                            Duration measure, List<CpuMeter> meters) {
        ArrivalSchedule schedule = new ArrivalSchedule(rate, options.warmup(), measure);
        Duration grace = Duration.ofMillis(Math.max(1000, measure.toMillis() / 4));
        StepResult result = LoadGenerator.run(callers, schedule, grace, meters).toResult(op.id(), variant, phase);
        summary.steps.add(result);
        String verdict = options.criteria().violation(result).map(v -> "NOT sustainable: " + v).orElse("ok");
        log("  %-14s %-14s %-26s %7.0f/s → %7.0f/s  p50 %6.2f  p99 %7.2f  p99.9 %7.2f ms  non-2xx %d  errors %d  %s",
                op.id(), variant, phase, rate, result.achievedRate(), result.p50(), result.p99(), result.p999(),
                result.nonSuccess(), result.errors(), verdict);
        return result;
    }

    // ---------------------------------------------------------------- helpers

    private void environment() {
        summary.environment.add("started: " + Instant.now());
        summary.environment.add("nproc: " + Runtime.getRuntime().availableProcessors());
        summary.environment.add("CPU: " + cpuModel());
        summary.environment.add("memory: " + memTotal());
        summary.environment.add("kernel: " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        summary.environment.add("JDK (harness and gateway): " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.home") + ")");
        summary.environment.add("load average at the start: " + loadAverage());
        log("%s", String.join("; ", summary.environment));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> l.replaceAll("\\s+", " ")).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2] + " (1/5/15 min)";
        } catch (IOException e) {
            return "?";
        }
    }

    private static java.util.Optional<Long> redisPid() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("redis")).orElse(false))
                .map(ProcessHandle::pid).findFirst();
    }


    static String pct(double fraction) {
        return Math.round(fraction * 100) + "%";
    }

    private void log(String format, Object... args) {
        System.out.printf("[%6.1fs] %s%n", (System.nanoTime() - startedAt) / 1e9, String.format(format, args));
        System.out.flush();
    }
}
