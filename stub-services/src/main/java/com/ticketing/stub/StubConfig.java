package com.ticketing.stub;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How to run the stubs. Instance {@code i} of a service listens on {@code basePort + 10 * i}; a
 * base port of 0 gives every instance of that service a free port. Immutable; change it with the
 * {@code with…} methods, e.g. {@code StubConfig.defaults().withEphemeralPorts().withWorkerPace(Duration.ofMillis(20))}.
 *
 * @param instancesPerService how many servers each service runs, all sharing one in-memory state
 * @param basePorts           base port per service (every service present)
 * @param workerPace          how long the booking worker spends on each queued booking
 * @param holdDuration        how long a RESERVED booking holds its tickets before it expires
 * @param slowPaymentDelay    how long {@code tok_slow} payments take to answer (after charging)
 * @param clock               the time of every timestamp, hold and token
 * @param tls                 TLS (or mutual TLS) on every server; empty: plaintext
 * @param requireCallerToken  whether a call that names a caller ({@code x-user-id}) or carries
 *                            {@code authorization} must carry a bearer access token that verifies
 *                            with {@link #jwtSecret()} and names that user; off: metadata is trusted
 */
public record StubConfig(
        int instancesPerService,
        Map<StubService, Integer> basePorts,
        String jwtSecret,
        String jwtRefreshSecret,
        String jwtIssuer,
        String jwtAudience,
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        Duration workerPace,
        Duration holdDuration,
        Duration slowPaymentDelay,
        Clock clock,
        Optional<StubTls> tls,
        boolean requireCallerToken) {

    public static final int DEFAULT_INSTANCES_PER_SERVICE = 2;
    /** Instance {@code i} listens on base port + PORT_STRIDE × i. */
    public static final int PORT_STRIDE = 10;
    /** The gateway's local-development secrets; never for production. */
    public static final String DEFAULT_JWT_SECRET = "local-dev-access-secret-change-me-0123456789abcdef";
    public static final String DEFAULT_JWT_REFRESH_SECRET = "local-dev-refresh-secret-change-me-0123456789abcdef";
    public static final String DEFAULT_JWT_ISSUER = "ticketing-auth";
    public static final String DEFAULT_JWT_AUDIENCE = "ticketing-gateway";
    public static final Duration DEFAULT_ACCESS_TOKEN_TTL = Duration.ofMinutes(15);
    public static final Duration DEFAULT_REFRESH_TOKEN_TTL = Duration.ofDays(7);
    public static final Duration DEFAULT_WORKER_PACE = Duration.ofMillis(200);
    public static final Duration DEFAULT_HOLD_DURATION = Duration.ofMinutes(10);
    public static final Duration DEFAULT_SLOW_PAYMENT_DELAY = Duration.ofSeconds(10);
    private static final int MIN_SECRET_BYTES = 32;

    public StubConfig {
        if (instancesPerService < 1 || instancesPerService > PORT_STRIDE) {
            throw new IllegalArgumentException("instancesPerService must be between 1 and " + PORT_STRIDE);
        }
        Objects.requireNonNull(basePorts, "basePorts");
        for (StubService service : StubService.values()) {
            Integer port = basePorts.get(service);
            if (port == null) {
                throw new IllegalArgumentException("basePorts has no port for " + service);
            }
            int highest = port + PORT_STRIDE * (instancesPerService - 1);
            if (port < 0 || (port > 0 && highest > 65535)) {
                throw new IllegalArgumentException("base port of " + service + " must be 0 or leave room for "
                        + instancesPerService + " instances below 65536: " + port);
            }
        }
        basePorts = Map.copyOf(basePorts);
        requireSecret("jwtSecret", jwtSecret);
        requireSecret("jwtRefreshSecret", jwtRefreshSecret);
        requireText("jwtIssuer", jwtIssuer);
        requireText("jwtAudience", jwtAudience);
        requireWholeSeconds("accessTokenTtl", accessTokenTtl);
        requireWholeSeconds("refreshTokenTtl", refreshTokenTtl);
        requirePositive("workerPace", workerPace);
        requirePositive("holdDuration", holdDuration);
        Objects.requireNonNull(slowPaymentDelay, "slowPaymentDelay");
        if (slowPaymentDelay.isNegative()) {
            throw new IllegalArgumentException("slowPaymentDelay must not be negative");
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(tls, "tls");
    }

    /**
     * The defaults: two instances per service on the standard ports, development secrets, system
     * clock, plaintext, caller metadata trusted as sent.
     */
    public static StubConfig defaults() {
        return new StubConfig(DEFAULT_INSTANCES_PER_SERVICE, ports(StubService::defaultBasePort),
                DEFAULT_JWT_SECRET, DEFAULT_JWT_REFRESH_SECRET, DEFAULT_JWT_ISSUER, DEFAULT_JWT_AUDIENCE,
                DEFAULT_ACCESS_TOKEN_TTL, DEFAULT_REFRESH_TOKEN_TTL, DEFAULT_WORKER_PACE, DEFAULT_HOLD_DURATION,
                DEFAULT_SLOW_PAYMENT_DELAY, Clock.systemUTC(), Optional.empty(), false);
    }

    /** The port instance {@code index} asks for (0: any free port). */
    public int port(StubService service, int index) {
        Objects.checkIndex(index, instancesPerService);
        int base = basePorts.get(service);
        return base == 0 ? 0 : base + PORT_STRIDE * index;
    }

    /** Every instance of every service on a free port: for tests. */
    public StubConfig withEphemeralPorts() {
        return withBasePorts(ports(service -> 0));
    }

    public StubConfig withBasePort(StubService service, int basePort) {
        Map<StubService, Integer> ports = new EnumMap<>(basePorts);
        ports.put(service, basePort);
        return withBasePorts(ports);
    }

    public StubConfig withBasePorts(Map<StubService, Integer> ports) {
        return new StubConfig(instancesPerService, ports, jwtSecret, jwtRefreshSecret, jwtIssuer, jwtAudience,
                accessTokenTtl, refreshTokenTtl, workerPace, holdDuration, slowPaymentDelay, clock, tls,
                requireCallerToken);
    }

    public StubConfig withInstancesPerService(int instances) {
        return new StubConfig(instances, basePorts, jwtSecret, jwtRefreshSecret, jwtIssuer, jwtAudience,
                accessTokenTtl, refreshTokenTtl, workerPace, holdDuration, slowPaymentDelay, clock, tls,
                requireCallerToken);
    }

    /** Fresh random signing secrets (48 bytes each), as a test run should use: never committed, never reused. */
    public StubConfig withRandomJwtSecrets() {
        return withJwtSecrets(randomSecret(), randomSecret());
    }

    private static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public StubConfig withJwtSecrets(String accessSecret, String refreshSecret) {
        return new StubConfig(instancesPerService, basePorts, accessSecret, refreshSecret, jwtIssuer, jwtAudience,
                accessTokenTtl, refreshTokenTtl, workerPace, holdDuration, slowPaymentDelay, clock, tls,
                requireCallerToken);
    }

    public StubConfig withJwtIssuerAndAudience(String issuer, String audience) {
        return new StubConfig(instancesPerService, basePorts, jwtSecret, jwtRefreshSecret, issuer, audience,
                accessTokenTtl, refreshTokenTtl, workerPace, holdDuration, slowPaymentDelay, clock, tls,
                requireCallerToken);
    }

    public StubConfig withAccessTokenTtl(Duration ttl) {
        return new StubConfig(instancesPerService, basePorts, jwtSecret, jwtRefreshSecret, jwtIssuer, jwtAudience,
                ttl, refreshTokenTtl, workerPace, holdDuration, slowPaymentDelay, clock, tls,
                requireCallerToken);
    }

    public StubConfig withRefreshTokenTtl(Duration ttl) {
        return new StubConfig(instancesPerService, basePorts, jwtSecret, jwtRefreshSecret, jwtIssuer, jwtAudience,
                accessTokenTtl, ttl, workerPace, holdDuration, slowPaymentDelay, clock, tls,
                requireCallerToken);
    }

    public StubConfig withWorkerPace(Duration pace) {
        return new StubConfig(instancesPerService, basePorts, jwtSecret, jwtRefreshSecret, jwtIssuer, jwtAudience,
                accessTokenTtl, refreshTokenTtl, pace, holdDuration, slowPaymentDelay, clock, tls,
                requireCallerToken);
    }

    public StubConfig withHoldDuration(Duration hold) {
        return new StubConfig(instancesPerService, basePorts, jwtSecret, jwtRefreshSecret, jwtIssuer, jwtAudience,
                accessTokenTtl, refreshTokenTtl, workerPace, hold, slowPaymentDelay, clock, tls,
                requireCallerToken);
    }

    public StubConfig withSlowPaymentDelay(Duration delay) {
        return new StubConfig(instancesPerService, basePorts, jwtSecret, jwtRefreshSecret, jwtIssuer, jwtAudience,
                accessTokenTtl, refreshTokenTtl, workerPace, holdDuration, delay, clock, tls,
                requireCallerToken);
    }

    public StubConfig withClock(Clock newClock) {
        return new StubConfig(instancesPerService, basePorts, jwtSecret, jwtRefreshSecret, jwtIssuer, jwtAudience,
                accessTokenTtl, refreshTokenTtl, workerPace, holdDuration, slowPaymentDelay, newClock, tls,
                requireCallerToken);
    }

    /** Every server speaks TLS as {@code newTls} says. */
    public StubConfig withTls(StubTls newTls) {
        return new StubConfig(instancesPerService, basePorts, jwtSecret, jwtRefreshSecret, jwtIssuer, jwtAudience,
                accessTokenTtl, refreshTokenTtl, workerPace, holdDuration, slowPaymentDelay, clock,
                Optional.of(newTls), requireCallerToken);
    }

    /** See {@link #requireCallerToken()}. */
    public StubConfig withRequireCallerToken(boolean require) {
        return new StubConfig(instancesPerService, basePorts, jwtSecret, jwtRefreshSecret, jwtIssuer, jwtAudience,
                accessTokenTtl, refreshTokenTtl, workerPace, holdDuration, slowPaymentDelay, clock, tls, require);
    }

    /** Secrets are never printed. */
    @Override
    public String toString() {
        return "StubConfig[instancesPerService=" + instancesPerService + ", basePorts=" + new EnumMap<>(basePorts)
                + ", jwtIssuer=" + jwtIssuer + ", jwtAudience=" + jwtAudience
                + ", accessTokenTtl=" + accessTokenTtl + ", refreshTokenTtl=" + refreshTokenTtl
                + ", workerPace=" + workerPace + ", holdDuration=" + holdDuration
                + ", slowPaymentDelay=" + slowPaymentDelay + ", clock=" + clock
                + ", tls=" + tls.map(t -> t.requiresClientCertificate() ? "mutual" : "server").orElse("off")
                + ", requireCallerToken=" + requireCallerToken + "]";
    }

    private static Map<StubService, Integer> ports(Function<StubService, Integer> port) {
        return Arrays.stream(StubService.values()).collect(Collectors.toMap(Function.identity(), port,
                (a, b) -> a, () -> new EnumMap<>(StubService.class)));
    }

    private static void requireSecret(String name, String secret) {
        requireText(name, secret);
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(name + " must be at least " + MIN_SECRET_BYTES + " bytes for HS256");
        }
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /** JWT times are whole seconds. */
    private static void requireWholeSeconds(String name, Duration duration) {
        requirePositive(name, duration);
        if (duration.toSeconds() < 1) {
            throw new IllegalArgumentException(name + " must be at least one second");
        }
    }

    private static void requirePositive(String name, Duration duration) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
