package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.stub.StubService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A stopped service answers 503, shows in detailed health, and is used again once back. */
class ServiceOutageIT {

    private static Stack stack;
    private static Http http;

    @BeforeAll
    static void start() {
        stack = Stack.start();
        http = stack.http;
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void stoppedServiceAnswers503AndRecovers() {
        String path = "/api/v1/events/evt-001/availability";
        assertThat(http.get(path, null).status()).isEqualTo(200);

        stack.stubs.stopInstance(StubService.TICKET, 0);
        stack.stubs.stopInstance(StubService.TICKET, 1);

        Http.Answer down = http.get(path, null);
        assertThat(down.status()).as(down.body()).isEqualTo(503);
        assertThat(down.contentType()).startsWith("application/problem+json");
        assertThat(down.json().get("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(down.header("Retry-After")).isNotBlank();
        Http.Answer health = Eventually.get(() -> http.get("/health/detailed", null),
                a -> a.json().get("services").get("ticket-service").asString().equals("unhealthy"));
        assertThat(health.json().get("services").get("ticket-service").asString()).isEqualTo("unhealthy");
        assertThat(health.json().get("status").asString()).isEqualTo("degraded");

        stack.stubs.startInstance(StubService.TICKET, 0);
        stack.stubs.startInstance(StubService.TICKET, 1);

        Http.Answer back = Eventually.get(() -> http.get(path, null), a -> a.status() == 200);
        assertThat(back.status()).isEqualTo(200);
    }
}
