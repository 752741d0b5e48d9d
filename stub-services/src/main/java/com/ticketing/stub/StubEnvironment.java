package com.ticketing.stub;

import java.time.Duration;
import java.util.Map;
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
 * </ul>
 * A malformed value fails with a message naming the variable.
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
        return config;
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
