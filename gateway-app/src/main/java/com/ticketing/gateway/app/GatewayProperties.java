package com.ticketing.gateway.app;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gateway's settings, bound from the environment variables of the REST contract (see
 * {@code application.yml} for the variable behind each one and its default). Immutable;
 * checked by {@link StartupChecks} before anything is built.
 */
@ConfigurationProperties("gateway")
public record GatewayProperties(String env, int maxBodyBytes, Jwt jwt, Grpc grpc, Redis redis, Cors cors,
                                CircuitBreaker circuitBreaker, RateLimit rateLimit, List<String> trustedProxies,
                                Duration eventsCacheTtl, Duration slowRequestThreshold, int maxInFlightRequests,
                                int maxOpenStreams) {

    public GatewayProperties {
        if (maxInFlightRequests < 1) {
            throw new IllegalArgumentException("MAX_IN_FLIGHT_REQUESTS must be at least 1, not " + maxInFlightRequests);
        }
        if (maxOpenStreams < 1) {
            throw new IllegalArgumentException("MAX_OPEN_STREAMS must be at least 1, not " + maxOpenStreams);
        }
        trustedProxies = trustedProxies == null ? List.of()
                : trustedProxies.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public static final String PRODUCTION = "production";

    public boolean production() {
        return PRODUCTION.equalsIgnoreCase(env);
    }

    /** JWT_SECRET, JWT_REFRESH_SECRET, the pinned algorithm (JWT_ALGORITHM, JWKS for RS256/ES256) and claims. */
    public record Jwt(String secret, String refreshSecret, String issuer, String audience, Duration clockSkew,
                      String algorithm, String jwksUrl, Duration jwksRefresh, Duration jwksMinRefetch,
                      Duration jwksTimeout, int cacheMaxEntries, Duration cacheMaxAge) {
        @Override
        public String toString() {
            return "Jwt[issuer=" + issuer + ", audience=" + audience + "]";
        }
    }

    /** GRPC_*_URL targets, GRPC_*_LB policies (round_robin or sticky), deadlines, channel settings and GRPC_TLS_*. */
    public record Grpc(String authServiceUrl, String ticketServiceUrl, String bookingServiceUrl,
                       String paymentServiceUrl, String bookingWorkerUrl, Duration deadline,
                       Duration paymentDeadline, Duration streamDeadline, Duration keepaliveTime,
                       Duration keepaliveTimeout, int maxReceiveMessageLength, int maxSendMessageLength,
                       Duration healthCheckInterval, String authServiceLb, String ticketServiceLb,
                       String bookingServiceLb, String paymentServiceLb, String bookingWorkerLb, Tls tls,
                       Compression compression) {

        /**
         * GRPC_TLS_ENABLED; when true, GRPC_TLS_CA_CERT (the CA bundle service certificates must
         * chain to), GRPC_TLS_CLIENT_CERT and GRPC_TLS_CLIENT_KEY (the gateway's certificate for
         * mutual TLS; both empty: none) and GRPC_TLS_AUTHORITY (the name every service certificate
         * must carry; empty: each instance's host). Paths of PEM files, the key PKCS#8.
         */
        public record Tls(boolean enabled, String caCert, String clientCert, String clientKey, String authority) {
        }

        /** GRPC_*_COMPRESSION: {@code identity} (default) or {@code gzip} for the request messages to each service. */
        public record Compression(String authService, String ticketService, String bookingService,
                                  String paymentService, String bookingWorker) {
        }
    }

    /**
     * At most one topology: REDIS_URL (one server), REDIS_SENTINEL_NODES with REDIS_SENTINEL_MASTER,
     * or REDIS_CLUSTER_NODES; none set means in-memory stores. REDIS_PASSWORD and the command
     * timeout apply to all. Checked and mapped by {@link RedisSettingsMapping}.
     */
    public record Redis(String url, String sentinelNodes, String sentinelMaster, String clusterNodes,
                        String password, Duration commandTimeout) {
        public boolean configured() {
            return !isBlank(url) || !isBlank(sentinelNodes) || !isBlank(sentinelMaster) || !isBlank(clusterNodes);
        }

        private static boolean isBlank(String value) {
            return value == null || value.isBlank();
        }

        @Override
        public String toString() {
            return "Redis[configured=" + configured() + ", commandTimeout=" + commandTimeout + "]";
        }
    }

    /** CIRCUIT_BREAKER_THRESHOLD consecutive infrastructure failures open a service's breaker for CIRCUIT_BREAKER_TIMEOUT. */
    public record CircuitBreaker(int threshold, Duration timeout) {
    }

    /**
     * RATE_LIMIT_WINDOW_MS and the requests per window of each limit class; the classes named in
     * RATE_LIMIT_FAIL_CLOSED refuse (503) when the store cannot decide, the others serve.
     */
    public record RateLimit(Duration window, int maxRequests, int userMaxRequests, int loginMaxRequests,
                            int registerMaxRequests, int paymentMaxRequests, List<String> failClosed) {
        public RateLimit {
            failClosed = failClosed == null ? List.of()
                    : failClosed.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }

    /**
     * CORS_ALLOWED_ORIGINS: exact origins; CORS_ALLOW_CREDENTIALS: whether answers to them allow
     * credentials (cookies, HTTP authentication); CORS_MAX_AGE_SECONDS: how long a preflight holds.
     */
    public record Cors(List<String> allowedOrigins, boolean allowCredentials, Duration maxAge) {
        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of()
                    : allowedOrigins.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
            maxAge = maxAge == null ? Duration.ofMinutes(10) : maxAge;
        }
    }
}
