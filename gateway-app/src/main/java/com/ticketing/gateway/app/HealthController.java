package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.grpc.CircuitBreakingBackend;
import com.ticketing.gateway.adapter.grpc.GrpcHealthMonitor;
import com.ticketing.gateway.adapter.grpc.ServiceHealth;
import com.ticketing.gateway.domain.route.Upstream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /health}: the process itself. {@code /health/detailed}: the watched state of every
 * service (gRPC health protocol and channel state), Redis and the circuit breakers; read from
 * state kept in the background, so a probe never fans out calls.
 */
@RestController
class HealthController {

    static final String HEALTHY = "healthy";
    static final String DEGRADED = "degraded";
    static final String UNHEALTHY = "unhealthy";

    private final GrpcHealthMonitor services;
    private final CircuitBreakingBackend breakers;
    private final RedisStatus redis;
    private final Readiness readiness;
    private final Clock clock;

    HealthController(GrpcHealthMonitor services, CircuitBreakingBackend breakers, RedisStatus redis,
                     Readiness readiness, Clock clock) {
        this.readiness = readiness;
        this.services = services;
        this.breakers = breakers;
        this.redis = redis;
        this.clock = clock;
    }

    @GetMapping("/health")
    ResponseEntity<Map<String, Object>> health() {
        return answer(200, Map.of("status", HEALTHY, "timestamp", clock.instant().toString()));
    }

    /** Kubernetes liveness: the process answers; never depends on services or Redis. */
    @GetMapping("/health/liveness")
    ResponseEntity<Map<String, Object>> liveness() {
        return answer(200, Map.of("status", "UP"));
    }

    /** Kubernetes readiness: up from the end of start-up until shutdown begins. */
    @GetMapping("/health/readiness")
    ResponseEntity<Map<String, Object>> readiness() {
        boolean ready = readiness.ready();
        return answer(ready ? 200 : 503, Map.of("status", ready ? "UP" : "OUT_OF_SERVICE"));
    }

    @GetMapping("/health/detailed")
    ResponseEntity<Map<String, Object>> detailed() {
        Map<Upstream, ServiceHealth> snapshot = services.snapshot();
        Map<String, String> serviceStates = new LinkedHashMap<>();
        Map<String, String> connections = new LinkedHashMap<>();
        Map<String, String> breakerStates = new LinkedHashMap<>();
        Map<Upstream, String> breakerSnapshot = breakers.states();
        int serving = 0;
        for (Upstream service : Upstream.values()) {
            ServiceHealth health = snapshot.get(service);
            boolean up = health != null && health.serving();
            serving += up ? 1 : 0;
            serviceStates.put(service.healthName(), up ? HEALTHY : UNHEALTHY);
            connections.put(service.healthName(), health == null ? "idle" : health.connectivity());
            breakerStates.put(service.healthName(), breakerSnapshot.get(service));
        }
        String redisState = redis.current();
        String status = overall(serving, Upstream.values().length, redisState, breakerStates.values());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("timestamp", clock.instant().toString());
        body.put("services", serviceStates);
        body.put("grpc_connections", connections);
        body.put("dependencies", Map.of("redis", redisState));
        body.put("circuit_breakers", breakerStates);
        return answer(UNHEALTHY.equals(status) ? 503 : 200, body);
    }

    /**
     * The gateway's state from its parts: unhealthy when no service serves or Redis is lost;
     * degraded when a service does not serve, or a breaker is not closed (it refuses some or all of
     * its service's calls, however the service itself reports); healthy otherwise.
     */
    static String overall(int serving, int services, String redisState, java.util.Collection<String> breakerStates) {
        if (serving == 0 || "disconnected".equals(redisState)) {
            return UNHEALTHY;
        }
        boolean refusing = breakerStates.stream().anyMatch(state -> !"closed".equals(state));
        return serving < services || refusing ? DEGRADED : HEALTHY;
    }

    /**
     * The answer as JSON whatever the request's {@code Accept} names: a probe or load balancer that
     * asks for text still learns the state (a preset content type takes no part in negotiation).
     */
    private static ResponseEntity<Map<String, Object>> answer(int status, Map<String, Object> body) {
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }
}
