package com.ticketing.gateway.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses unsafe settings before anything is built. With {@code GATEWAY_ENV=production}, missing,
 * short, default or shared JWT secrets, CORS {@code *}, and gRPC TLS off while certificates are
 * mounted, stop the start with one message per variable. Elsewhere, missing secrets fall back to
 * the local-development ones, with a warning.
 */
public final class StartupChecks {

    /** Secrets the local stack uses when none are set; refused in production. */
    public static final String DEV_ACCESS_SECRET = "local-dev-access-secret-change-me-0123456789abcdef";
    public static final String DEV_REFRESH_SECRET = "local-dev-refresh-secret-change-me-0123456789abcdef";
    static final int MIN_SECRET_BYTES = 32;
    /** A production secret of fewer different characters is a pattern (32 × "a"), not a random key. */
    static final int MIN_SECRET_DISTINCT_CHARACTERS = 10;
    private static final Set<String> DEV_SECRETS = Set.of(DEV_ACCESS_SECRET, DEV_REFRESH_SECRET);
    private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);

    private StartupChecks() {
    }

    /** The secrets to use: the configured ones, checked, or the development ones outside production. */
    public record Secrets(String access, String refresh) {
        @Override
        public String toString() {
            return "Secrets[redacted]";
        }
    }

    /**
     * The server's own settings: {@code PORT} 0 to 65535 (0 takes any free port), a
     * {@code SHUTDOWN_DRAIN_MS} that is not negative (a negative one would cut in-flight requests off).
     */
    static void checkServer(int port, Duration drain) {
        if (port < 0 || port > 65_535) {
            throw new SettingRefused("PORT must be 0 to 65535, not " + port);
        }
        if (drain.isNegative()) {
            throw new SettingRefused("SHUTDOWN_DRAIN_MS must not be negative, not "
                    + drain.toMillis());
        }
    }

    public static Secrets check(GatewayProperties properties) {
        List<String> problems = new ArrayList<>();
        String access = properties.jwt().secret();
        String refresh = properties.jwt().refreshSecret();
        if (properties.production()) {
            checkSecret("JWT_SECRET", access, problems);
            checkSecret("JWT_REFRESH_SECRET", refresh, problems);
            if (problems.isEmpty() && access.equals(refresh)) {
                problems.add("JWT_REFRESH_SECRET must differ from JWT_SECRET");
            }
            if (properties.cors().allowedOrigins().contains("*")) {
                problems.add("CORS_ALLOWED_ORIGINS must list exact origins, not *");
            }
            checkTlsWhereCertificatesAre(properties.grpc().tls(), problems);
        } else {
            if (isBlank(access)) {
                LOG.warn("JWT_SECRET is not set: using the local-development secret (refused in production)");
                access = DEV_ACCESS_SECRET;
            }
            if (isBlank(refresh)) {
                LOG.warn("JWT_REFRESH_SECRET is not set: using the local-development secret (refused in production)");
                refresh = DEV_REFRESH_SECRET;
            }
            checkLength("JWT_SECRET", access, problems);
            checkLength("JWT_REFRESH_SECRET", refresh, problems);
        }
        if (properties.maxBodyBytes() < 1024) {
            problems.add("MAX_BODY_BYTES must be at least 1024");
        }
        if (!problems.isEmpty()) {
            throw new SettingRefused(String.join("; ", problems));
        }
        return new Secrets(access, refresh);
    }

    /**
     * Certificates mounted but TLS off is a deployment mistake that would send tokens to the
     * services in plaintext: refused, naming the file found.
     */
    private static void checkTlsWhereCertificatesAre(GatewayProperties.Grpc.Tls tls, List<String> problems) {
        if (tls.enabled()) {
            return;
        }
        Stream.of(tls.caCert(), tls.clientCert())
                .filter(StartupChecks::fileExists)
                .findFirst()
                .ifPresent(found -> problems.add("GRPC_TLS_ENABLED must be true in production when gRPC certificates"
                        + " are mounted (found " + found + ")"));
    }

    private static boolean fileExists(String path) {
        try {
            return !isBlank(path) && Files.exists(Path.of(path));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static void checkSecret(String variable, String value, List<String> problems) {
        if (isBlank(value)) {
            problems.add(variable + " must be set in production");
        } else if (DEV_SECRETS.contains(value)) {
            problems.add(variable + " must not be the local-development default in production");
        } else if (value.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            checkLength(variable, value, problems);
        } else if (value.chars().distinct().count() < MIN_SECRET_DISTINCT_CHARACTERS) {
            problems.add(variable + " must be random (at least " + MIN_SECRET_DISTINCT_CHARACTERS
                    + " different characters), not a pattern, in production");
        }
    }

    private static void checkLength(String variable, String value, List<String> problems) {
        if (value.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            problems.add(variable + " must be at least " + MIN_SECRET_BYTES + " bytes");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
