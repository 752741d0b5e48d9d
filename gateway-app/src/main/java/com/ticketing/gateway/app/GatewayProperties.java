package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.rest.TrustedProxies;
import com.ticketing.gateway.domain.policy.LimitScope;
import com.ticketing.gateway.domain.route.Upstream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
                                int maxOpenStreams, Metrics metrics) {

    public GatewayProperties {
        if (!DEVELOPMENT.equals(env) && !PRODUCTION.equals(env)) {
            // A typo ("prod") must not start a deployment with the development secrets and settings.
            throw new IllegalArgumentException("GATEWAY_ENV must be development or production, not '" + env + "'");
        }
        if (slowRequestThreshold != null && !slowRequestThreshold.isPositive()) {
            throw new IllegalArgumentException("SLOW_REQUEST_MS must be at least 1, not " + slowRequestThreshold.toMillis());
        }
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
    public static final String DEVELOPMENT = "development";

    public boolean production() {
        return PRODUCTION.equals(env);
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

    /**
     * The gRPC side: {@code services}, one entry per upstream service keyed by its name
     * ({@code auth-service}, … — see {@link SettingNames}), the default deadline of calls whose
     * service names none (GRPC_DEADLINE_MS), the longest status stream, channel settings, the
     * channels' event loops (GRPC_EVENT_LOOP_THREADS; 0: one per four CPUs, at least one) and GRPC_TLS_*.
     */
    public record Grpc(Map<String, Service> services, Duration deadline, Duration streamDeadline,
                       Duration keepaliveTime, Duration keepaliveTimeout, int maxReceiveMessageLength,
                       int maxSendMessageLength, Duration healthCheckInterval, int eventLoopThreads, Tls tls) {

        public Grpc {
            services = services == null ? Map.of() : Map.copyOf(services);
            SettingNames.checkServices(services.keySet());
            services.forEach((name, service) -> {
                if (service.deadline() != null && !service.deadline().isPositive()) {
                    throw new IllegalArgumentException(SettingNames.deadlineVariable(name) + " must be positive");
                }
            });
        }

        /** The settings of {@code service}. */
        public Service service(Upstream service) {
            return services.get(service.healthName());
        }

        /** Each service's deadline: its own, or GRPC_DEADLINE_MS. */
        public Map<Upstream, Duration> deadlines() {
            Map<Upstream, Duration> deadlines = new EnumMap<>(Upstream.class);
            for (Upstream upstream : Upstream.values()) {
                Duration own = service(upstream).deadline();
                deadlines.put(upstream, own != null ? own : deadline);
            }
            return deadlines;
        }

        /**
         * One service: GRPC_&lt;SERVICE&gt;_URL (its instances), _LB ({@code round_robin} or
         * {@code sticky}), _COMPRESSION ({@code identity} or {@code gzip}) and _DEADLINE_MS (empty:
         * GRPC_DEADLINE_MS; the payment service reads GRPC_PAYMENT_DEADLINE_MS).
         */
        public record Service(String url, String lb, String compression, Duration deadline) {
        }

        /**
         * GRPC_TLS_ENABLED; when true, GRPC_TLS_CA_CERT (the CA bundle service certificates must
         * chain to), GRPC_TLS_CLIENT_CERT and GRPC_TLS_CLIENT_KEY (the gateway's certificate for
         * mutual TLS; both empty: none) and GRPC_TLS_AUTHORITY (the name every service certificate
         * must carry; empty: each instance's host). Paths of PEM files, the key PKCS#8.
         */
        public record Tls(boolean enabled, String caCert, String clientCert, String clientKey, String authority) {
        }
    }

    /**
     * At most one topology: REDIS_URL (one server), REDIS_SENTINEL_NODES with REDIS_SENTINEL_MASTER,
     * or REDIS_CLUSTER_NODES; none set means in-memory stores. REDIS_PASSWORD and the command
     * timeout apply to all; REDIS_SENTINEL_CONFIRMING_REPLICAS (null: the adapter's default) to
     * Sentinel only. Checked and mapped by {@link RedisSettingsMapping}. REDIS_SESSION_TRACKING
     * (null: true): remember active sessions while Redis's tracking says they are unchanged;
     * REDIS_LIMIT_LEASE_MAX (null: {@link #DEFAULT_LEASE_MAX}): the most requests of one busy limit
     * taken from Redis at once (1: every request decided in Redis).
     */
    public record Redis(String url, String sentinelNodes, String sentinelMaster, String clusterNodes,
                        String password, Duration commandTimeout, Integer sentinelConfirmingReplicas,
                        Boolean sessionTracking, Integer limitLeaseMax) {

        public static final int DEFAULT_LEASE_MAX = 64;

        public Redis {
            sessionTracking = sessionTracking == null || sessionTracking;
            limitLeaseMax = limitLeaseMax == null ? DEFAULT_LEASE_MAX : limitLeaseMax;
            if (limitLeaseMax < 1 || limitLeaseMax > 1024) {
                throw new IllegalArgumentException("REDIS_LIMIT_LEASE_MAX must be from 1 to 1024, not " + limitLeaseMax);
            }
        }

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
     * RATE_LIMIT_WINDOW_MS and the named limits, keyed by name: each counts {@code maxRequests} per
     * window per client IP or per user. Routes name the limit they add to their base limit
     * ({@code public} or {@code user}); the limits named in RATE_LIMIT_FAIL_CLOSED refuse (503) when
     * the store cannot decide, the others serve. A name in RATE_LIMIT_FAIL_CLOSED that is no limit
     * refuses to start. RATE_LIMIT_IPV6_PREFIX: the bits of an IPv6 client address its per-IP limits
     * count by.
     */
    public record RateLimit(Duration window, Map<String, Limit> limits, List<String> failClosed, int ipv6Prefix) {
        public RateLimit {
            if (ipv6Prefix < TrustedProxies.MIN_IPV6_PREFIX || ipv6Prefix > 128) {
                throw new IllegalArgumentException("RATE_LIMIT_IPV6_PREFIX must be from "
                        + TrustedProxies.MIN_IPV6_PREFIX + " to 128, not " + ipv6Prefix);
            }
            limits = limits == null ? Map.of() : Map.copyOf(limits);
            failClosed = failClosed == null ? List.of()
                    : failClosed.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
            SettingNames.checkNames(SettingNames.FAIL_CLOSED, failClosed, limits.keySet(), "limit");
        }

        /** One named limit: RATE_LIMIT_&lt;NAME&gt;_MAX_REQUESTS requests per window, counted {@code per} subject. */
        public record Limit(int maxRequests, LimitScope per) {
        }
    }

    /**
     * METRICS_LATENCY_BUCKETS_MS: the upper bounds of the latency histograms of the HTTP request and
     * gRPC client timers (the only histograms), checked by {@link LatencyHistograms};
     * METRICS_MAX_GAUGES: the {@code *_max} gauges to export (Prometheus names; none by default).
     */
    public record Metrics(List<Duration> latencyBuckets, List<String> maxGauges) {
        public Metrics {
            maxGauges = maxGauges == null ? List.of()
                    : maxGauges.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
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
