package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.stub.StubService;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stopped service answers 503 and shows in detailed health; after five consecutive failures
 * its breaker opens and answers fast without calling it; once the service is back, the trial
 * call after the open time closes the breaker.
 */
class ServiceOutageIT {

    private static final Duration BREAKER_OPEN = Duration.ofMillis(1500);
    private static Stack stack;
    private static Http http;

    @BeforeAll
    static void start() {
        stack = Stack.start(Map.of("CIRCUIT_BREAKER_TIMEOUT", String.valueOf(BREAKER_OPEN.toMillis()),
                "EVENTS_CACHE_TTL_MS", "300"));
        http = stack.http;
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void stoppedServiceAnswers503OpensItsBreakerAndRecovers() throws InterruptedException {
        String path = "/api/v1/events/evt-001/availability";
        assertThat(http.get(path, null).status()).isEqualTo(200);
        Http.Answer fresh = http.get("/api/v1/events/evt-001", null);
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.header("X-Cache")).isNull();

        stack.stubs.stopInstance(StubService.TICKET, 0);
        stack.stubs.stopInstance(StubService.TICKET, 1);
        Thread.sleep(400);

        Http.Answer stale = http.get("/api/v1/events/evt-001", null);
        assertThat(stale.status()).as("cached event details are served stale").isEqualTo(200);
        assertThat(stale.header("X-Cache")).isEqualTo("STALE");
        assertThat(stale.body()).isEqualTo(fresh.body());
        assertThat(http.get("/api/v1/events?category=nothing-cached", null).status()).isEqualTo(503);

        Http.Answer down = http.get(path, null);
        assertThat(down.status()).as(down.body()).isEqualTo(503);
        assertThat(down.contentType()).startsWith("application/problem+json");
        assertThat(down.json().get("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(down.header("Retry-After")).isNotBlank();

        Http.Answer open = Eventually.get(() -> http.get("/health/detailed", null),
                a -> a.json().get("circuit_breakers").get("ticket-service").asString().equals("open")
                        || http.get(path, null).status() != 503);
        assertThat(open.json().get("circuit_breakers").get("ticket-service").asString()).isEqualTo("open");
        long start = System.nanoTime();
        Http.Answer fast = http.get(path, null);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(fast.status()).isEqualTo(503);
        assertThat(tookMillis).as("an open breaker answers without calling the service").isLessThan(200);
        Http.Answer health = Eventually.get(() -> http.get("/health/detailed", null),
                a -> a.json().get("services").get("ticket-service").asString().equals("unhealthy"));
        assertThat(health.json().get("services").get("ticket-service").asString()).isEqualTo("unhealthy");
        assertThat(health.json().get("status").asString()).isEqualTo("degraded");
        assertThat(health.status()).isEqualTo(200);
        assertThat(http.get("/metrics", null).body())
                .contains("gateway_circuit_breaker_state{application=\"ticketing-gateway\",service=\"ticket-service\"} 2.0")
                .contains("gateway_circuit_breaker_transitions_total{application=\"ticketing-gateway\",service=\"ticket-service\",state=\"open\"}");

        stack.stubs.startInstance(StubService.TICKET, 0);
        stack.stubs.startInstance(StubService.TICKET, 1);
        Eventually.get(() -> http.get("/health/detailed", null),
                a -> a.json().get("services").get("ticket-service").asString().equals("healthy"));
        Thread.sleep(BREAKER_OPEN.toMillis());

        Http.Answer back = Eventually.get(() -> http.get(path, null), a -> a.status() == 200);
        assertThat(back.status()).isEqualTo(200);
        assertThat(http.get("/health/detailed", null).json().get("circuit_breakers").get("ticket-service").asString())
                .isEqualTo("closed");
    }
}
