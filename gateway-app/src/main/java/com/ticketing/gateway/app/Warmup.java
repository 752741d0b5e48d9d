package com.ticketing.gateway.app;

import com.google.protobuf.Message;
import com.ticketing.gateway.adapter.grpc.GrpcOperation;
import com.ticketing.gateway.adapter.grpc.OperationRegistry;
import com.ticketing.gateway.adapter.grpc.SampleServices;
import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.port.SessionStore;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteKind;
import com.ticketing.gateway.domain.route.RouteTable;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import javax.management.JMException;
import javax.management.ObjectName;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Warms the JIT before the gateway serves: a sample instance of the gateway, started in the same
 * JVM on a loopback port with the same settings except where it sends and stores things, is driven
 * with sample traffic of the route table against {@link SampleServices} until the JIT has compiled
 * what those requests run ({@link WarmupDrive}); then a second one (see {@link #ROUNDS}); at most
 * about {@code WARMUP_MAX_SECONDS} in all. Then the real instance starts, and its first requests
 * already run compiled code (BENCHMARKS.md, "Warm-up"). The port opens, and readiness answers,
 * only after the warm-up.
 *
 * <p>Nothing leaves the process: the sample instance uses the memory store, its own random JWT
 * secrets, no trace export, no log file, sample services on 127.0.0.1; its console output is
 * discarded. A failure of the warm-up is reported and the gateway starts anyway.
 */
final class Warmup {

    /** The environment variable of the longest warm-up; 0 turns it off. */
    static final String MAX_SECONDS = "WARMUP_MAX_SECONDS";
    static final Duration DEFAULT_MAX = Duration.ofSeconds(60);
    /** The user, path parameter and text of every sample: one subject, so ownership checks pass. */
    static final String SAMPLE = "warmup";
    /**
     * Sample instances driven one after the other. The JIT compiles the first one's hot code for
     * objects that are set up; the first requests to a fresh instance take paths that set things up
     * (buffers, lazily made timers, channels connecting), and compiled code that never saw them is
     * thrown away there. The second instance makes the JIT compile those paths too, so the real
     * instance's first requests run compiled code (BENCHMARKS.md, "Warm-up").
     */
    static final int ROUNDS = 2;
    /** A round starts only with at least this long left: a start, the settling minimum, a close. */
    static final Duration ROUND_MINIMUM = WarmupDrive.Settling.MIN.plusSeconds(4);
    /** How long the sample user's tokens and sessions last: longer than any warm-up. */
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final List<String> LIMITS = List.of("public", "user", "login", "register", "payment");

    /**
     * What a warm-up did; {@code unexpected} names the exchanges answered with a status of another
     * class than a real instance's, with the status; {@code failure} is set when it stopped early;
     * {@code memory} says what the heap's collection and the native heap's trim after it gave back.
     */
    record Report(Duration took, int instances, long requests, long asExpected, List<String> unexpected,
                  long compileMillis, Optional<String> failure, String memory) {

        /**
         * Nothing failed, and at least 90% of the requests were answered as a real instance answers
         * them (the sample traffic's successes 2xx, its refusals 4xx).
         */
        boolean sound() {
            return failure.isEmpty() && requests > 0 && asExpected * 10 >= requests * 9;
        }

        @Override
        public String toString() {
            return failure.map(f -> "warm-up stopped after " + took.toMillis() + " ms by " + f + "; the gateway starts anyway")
                    .orElseGet(() -> "warm-up took " + took.toMillis() + " ms: " + requests + " requests to "
                            + (instances == 1 ? "a sample instance" : instances + " sample instances") + " ("
                            + asExpected + " answered as expected), " + compileMillis + " ms of JIT compilation"
                            + (unexpected.isEmpty() ? "" : "; unexpected answers: " + String.join(", ", unexpected)))
                    + "; " + memory;
        }
    }

    private Warmup() {
    }

    /**
     * The longest warm-up {@code value} of {@link #MAX_SECONDS} asks for: whole seconds, 0 for none,
     * the default when unset or blank.
     *
     * @throws IllegalArgumentException for anything else, naming the variable
     */
    static Duration maxOf(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_MAX;
        }
        try {
            long seconds = Long.parseLong(value.strip());
            if (seconds >= 0 && seconds <= 600) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(MAX_SECONDS + " must be a whole number of seconds from 0 to 600, not '"
                + value + "'");
    }

    /**
     * Runs the warm-up for at most about {@code max} (nothing when zero): a round starts only with
     * {@link #ROUND_MINIMUM} left, and its close comes after the deadline. Throws nothing but the
     * JVM's own errors (out of memory and the like).
     */
    static Optional<Report> run(String[] args, Duration max) {
        if (max.isZero()) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        PrintStream console = System.out;
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        LongSupplier compiled = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : () -> 0;
        long compiledBefore = compiled.getAsLong();
        AtomicLongArray counts = new AtomicLongArray(2);
        Set<String> unexpected = new ConcurrentSkipListSet<>();
        int instances = 0;
        Optional<String> failure = Optional.empty();
        try (SampleServices services = SampleServices.start(OperationRegistry.platformServiceDescriptors().values(), SAMPLE)) {
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            long deadline = start + max.toNanos();
            for (int round = 0; round < ROUNDS && deadline - System.nanoTime() > ROUND_MINIMUM.toNanos(); round++) {
                long roundDeadline = roundDeadline(System.nanoTime(), deadline, round);
                instances++;
                try (ConfigurableApplicationContext instance = sampleInstance(args, services.port())) {
                    int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
                    GatewayProperties.Jwt jwt = instance.getBean(GatewayProperties.class).jwt();
                    RouteTable routes = instance.getBean(RouteTable.class);
                    OperationRegistry operations = instance.getBean(OperationRegistry.class);
                    String token = openSession(instance.getBean(SessionStore.class), jwt);
                    answerLogins(services, routes, operations, jwt);
                    WarmupDrive.drive(port, WarmupDrive.exchanges(routes, operations, token, port), roundDeadline, compiled,
                            counts, unexpected);
                }
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            failure = Optional.of(failure(e));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            System.setOut(console);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return Optional.of(new Report(took, instances, counts.get(WarmupDrive.SENT), counts.get(WarmupDrive.AS_EXPECTED),
                List.copyOf(unexpected), compiled.getAsLong() - compiledBefore, failure, collectHeap() + "; " + trimNativeHeap()));
    }

    /**
     * When round {@code round} (from 0, below {@link #ROUNDS}) stops driving at the latest, started at {@code now}: each round
     * but the last gets an equal share of the time left, the last all of it. A JIT that does not settle
     * in the first round (a slow or busy machine: it compiles for the whole budget) would otherwise leave
     * no time for the second, and the real instance's first requests would take the set-up paths that only
     * a fresh instance runs with no compiled code for them. Nothing is lost by the split: the rounds run
     * the same classes in the same JVM, so the JIT goes on compiling the hot code in the next round.
     */
    static long roundDeadline(long now, long deadline, int round) {
        return now + (deadline - now) / (ROUNDS - round);
    }

    /**
     * One full collection before the real instance starts: the sample instances leave 70-120 MiB of
     * garbage in the old generation (their contexts, caches and buffers, promoted while they served),
     * which would otherwise stay there until the first full collection under load, and whose freed
     * native memory (direct buffers) the trim that follows can then give back (BENCHMARKS.md,
     * "Warm-up"). Says what it freed; {@code -XX:+DisableExplicitGC} leaves the heap as it is.
     */
    static String collectHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = memory.getHeapMemoryUsage().getUsed();
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();
        return "heap " + mebibytes(before) + "M->" + mebibytes(after) + "M after a full collection";
    }

    private static long mebibytes(long bytes) {
        return bytes >> 20;
    }

    /**
     * Gives the C library's free memory back to the system ({@code jcmd System.trim_native_heap}):
     * the JIT's compilations of the warm-up leave ~100 MiB of freed native memory in its arenas.
     * Says what it did, or why it did not (another C library, no such command).
     */
    static String trimNativeHeap() {
        try {
            Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
                    new Object[] {null}, new String[] {String[].class.getName()});
            return String.valueOf(answer).strip();
        } catch (JMException | RuntimeException e) {
            return "native heap not trimmed (" + e.getClass().getSimpleName() + ")";
        }
    }

    /**
     * What stopped a warm-up: the exception's type and its root cause's, not their messages, which
     * may quote settings (a failing setting fails the real start too, which says what it is).
     */
    static String failure(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e.getClass().getName() + (root == e ? "" : ", caused by " + root.getClass().getName());
    }

    /**
     * The settings of the sample instance: the given arguments, and on top of them its own port,
     * sample services, memory store, secrets and limits, and no trace export or TLS.
     */
    static Map<String, String> overrides(int servicesPort, String accessSecret, String refreshSecret) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        settings.put("server.address", "127.0.0.1");
        settings.put("server.shutdown", "immediate");
        settings.put("server.ssl.enabled", "false");
        settings.put("logging.file.name", "");
        settings.put("logging.file.path", "");
        settings.put("logging.register-shutdown-hook", "false");
        settings.put("management.metrics.use-global-registry", "false");
        for (String service : SettingNames.SERVICES) {
            settings.put("gateway.grpc.services." + service + ".url", "127.0.0.1:" + servicesPort);
        }
        settings.put("gateway.grpc.tls.enabled", "false");
        settings.put("gateway.grpc.tls.ca-cert", "");
        settings.put("gateway.grpc.tls.client-cert", "");
        settings.put("gateway.grpc.tls.client-key", "");
        for (String store : List.of("url", "sentinel-nodes", "sentinel-master", "cluster-nodes")) {
            settings.put("gateway.redis." + store, "");
        }
        settings.put("gateway.jwt.algorithm", "HS256");
        settings.put("gateway.jwt.jwks-url", "");
        settings.put("gateway.jwt.secret", accessSecret);
        settings.put("gateway.jwt.refresh-secret", refreshSecret);
        settings.put("gateway.tracing.otlp-endpoint", "");
        settings.put("gateway.trusted-proxies", "");
        for (String limit : LIMITS) {
            settings.put("gateway.rate-limit.limits." + limit + ".max-requests", "1000000000");
        }
        return settings;
    }

    /** The arguments of the sample instance: {@code args} without those it overrides, then the overrides. */
    static String[] arguments(String[] args, Map<String, String> overrides) {
        List<String> all = new ArrayList<>();
        for (String arg : args) {
            if (overrides.keySet().stream().noneMatch(key -> arg.startsWith("--" + key + "="))) {
                all.add(arg);
            }
        }
        overrides.forEach((key, value) -> all.add("--" + key + "=" + value));
        return all.toArray(String[]::new);
    }

    private static ConfigurableApplicationContext sampleInstance(String[] args, int servicesPort) {
        SpringApplication application = new SpringApplication(GatewayApplication.class);
        application.setRegisterShutdownHook(false);
        return application.run(arguments(args, overrides(servicesPort, secret(), secret())));
    }

    /** Opens a session of the sample user in the instance's store and returns its access token. */
    private static String openSession(SessionStore store, GatewayProperties.Jwt jwt) {
        String sessionId = SAMPLE + "-session";
        store.open(new Session(new SessionId(sessionId), new UserId(SAMPLE), SAMPLE + "-refresh",
                Instant.now().plus(TOKEN_LIFETIME)));
        return token(jwt, jwt.secret(), "access", sessionId);
    }

    /**
     * Lets the sample auth service answer the route table's logins as the real one does: with tokens
     * of the sample user, signed with the sample instance's secrets, for a session of their own (each
     * login opens it anew; the drive's session stays as it is).
     */
    private static void answerLogins(SampleServices services, RouteTable routes, OperationRegistry operations,
                                     GatewayProperties.Jwt jwt) {
        String sessionId = SAMPLE + "-login-session";
        for (Route route : routes.routes(r -> r.kind() == RouteKind.LOGIN)) {
            GrpcOperation login = operations.require(route.operation());
            Message.Builder reply = SampleServices.sample(login.reply().prototype(), SAMPLE).toBuilder();
            reply.setField(login.reply().require("accessToken"), token(jwt, jwt.secret(), "access", sessionId));
            reply.setField(login.reply().require("refreshToken"), token(jwt, jwt.refreshSecret(), "refresh", sessionId));
            services.answer(login.method().getFullMethodName(), reply.build());
        }
    }

    /**
     * A token of the sample user of type {@code type} ({@code access} or {@code refresh}) for
     * {@code sessionId}, signed with {@code secret} (the instance's secret for that type).
     */
    private static String token(GatewayProperties.Jwt jwt, String secret, String type, String sessionId) {
        Instant now = Instant.now();
        return Jwts.builder().subject(SAMPLE).claim("sid", sessionId).claim("typ", type).id(SAMPLE + "-" + type)
                .issuer(jwt.issuer()).audience().add(jwt.audience()).and()
                .issuedAt(Date.from(now)).expiration(Date.from(now.plus(TOKEN_LIFETIME)))
                .signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
                .compact();
    }

    private static String secret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
