package com.ticketing.stub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Reads a {@link StubConfig} from environment variables; unset ones keep the defaults:
 * <ul>
 *   <li>{@code JWT_SECRET}, {@code JWT_REFRESH_SECRET} (the gateway's local-development secrets),
 *       {@code JWT_ISSUER} ({@code ticketing-auth}), {@code JWT_AUDIENCE} ({@code ticketing-gateway})</li>
 *   <li>{@code JWT_ACCESS_TTL_SECONDS} (900), {@code JWT_REFRESH_TTL_SECONDS} (604800)</li>
 *   <li>{@code WORKER_PACE_MS} (200), {@code HOLD_DURATION_MS} (600000), {@code SLOW_PAYMENT_DELAY_MS} (10000)</li>
 *   <li>{@code STUB_INSTANCES} (2); base ports {@code STUB_AUTH_PORT} (50051), {@code STUB_TICKET_PORT} (50052),
 *       {@code STUB_BOOKING_PORT} (50053), {@code STUB_PAYMENT_PORT} (50054), {@code STUB_BOOKING_WORKER_PORT} (50055)</li>
 *   <li>{@code STUB_TLS_CERT} and {@code STUB_TLS_KEY} (both or neither; unset: plaintext): the servers'
 *       certificate chain and PKCS#8 private key, PEM; {@code STUB_TLS_CLIENT_CA} (unset: no client
 *       certificates): the CA bundle of client certificates, which makes them required (mutual TLS)</li>
 *   <li>{@code STUB_REQUIRE_CALLER_TOKEN} ({@code false}): see {@link StubConfig#requireCallerToken()}</li>
 * </ul>
 * A malformed value, or a TLS file that is not readable, fails with a message naming the variable.
 */
public final class StubEnvironment {

    private StubEnvironment() {
    }

    public static StubConfig read(Map<String, String> env) {
        StubConfig config = StubConfig.defaults();
        config = config.withJwtSecrets(
                blankToDefault(env.get("JWT_SECRET"), config.jwtSecret()),
                blankToDefault(env.get("JWT_REFRESH_SECRET"), config.jwtRefreshSecret()));
        config = config.withJwtIssuerAndAudience(
                blankToDefault(env.get("JWT_ISSUER"), config.jwtIssuer()),
                blankToDefault(env.get("JWT_AUDIENCE"), config.jwtAudience()));
        config = config.withAccessTokenTtl(duration(env, "JWT_ACCESS_TTL_SECONDS", Duration::ofSeconds, 1,
                config.accessTokenTtl()));
        config = config.withRefreshTokenTtl(duration(env, "JWT_REFRESH_TTL_SECONDS", Duration::ofSeconds, 1,
                config.refreshTokenTtl()));
        config = config.withWorkerPace(duration(env, "WORKER_PACE_MS", Duration::ofMillis, 1, config.workerPace()));
        config = config.withHoldDuration(duration(env, "HOLD_DURATION_MS", Duration::ofMillis, 1,
                config.holdDuration()));
        config = config.withSlowPaymentDelay(duration(env, "SLOW_PAYMENT_DELAY_MS", Duration::ofMillis, 0,
                config.slowPaymentDelay()));
        config = config.withInstancesPerService(
                (int) number(env, "STUB_INSTANCES", config.instancesPerService()));
        for (StubService service : StubService.values()) {
            String name = "STUB_" + service.name() + "_PORT";
            config = config.withBasePort(service, (int) number(env, name, config.basePorts().get(service)));
        }
        config = tls(env).map(config::withTls).orElse(config);
        return config.withRequireCallerToken(flag(env, "STUB_REQUIRE_CALLER_TOKEN", config.requireCallerToken()));
    }

    private static Optional<StubTls> tls(Map<String, String> env) {
        Optional<Path> certificate = file(env, "STUB_TLS_CERT");
        Optional<Path> key = file(env, "STUB_TLS_KEY");
        Optional<Path> clientCa = file(env, "STUB_TLS_CLIENT_CA");
        if (certificate.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException("STUB_TLS_CERT and STUB_TLS_KEY must be set together");
        }
        if (certificate.isEmpty()) {
            if (clientCa.isPresent()) {
                throw new IllegalArgumentException("STUB_TLS_CLIENT_CA needs STUB_TLS_CERT and STUB_TLS_KEY");
            }
            return Optional.empty();
        }
        return Optional.of(new StubTls(certificate.get(), key.get(), clientCa));
    }

    private static Optional<Path> file(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(value.strip());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException(name + " must name a readable file: " + value);
        }
        return Optional.of(path);
    }

    private static boolean flag(Map<String, String> env, String name, boolean fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false: " + value);
        };
    }

    private static Duration duration(Map<String, String> env, String name, LongFunction<Duration> unit,
                                     long minimum, Duration fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long amount = number(env, name, 0);
        if (amount < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ": " + value);
        }
        return unit.apply(amount);
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number: " + value, e);
        }
    }

    private static String blankToDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
