package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.stub.StubCluster;
import com.ticketing.stub.StubConfig;
import com.ticketing.stub.StubService;
import com.ticketing.stub.StubServices;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The gateway as production runs it ({@code GATEWAY_ENV=production}, the packaged jar in its own
 * process): every log line about a request is one JSON object carrying the request id, trace id,
 * route, user id, status and latency, and a request above {@code SLOW_REQUEST_MS} gets a WARN line.
 */
class ProductionLogsIT {

    @Test
    void logsAreJsonLinesWithTheRequestsFieldsAndSlowRequestsAreWarned() {
        try (StubCluster stubs = StubServices.start(StubConfig.defaults().withEphemeralPorts().withRandomJwtSecrets())) {
            Map<String, String> env = GatewayProcess.stubEnvironment(stubs);
            env.put("GATEWAY_ENV", "production");
            env.put("SLOW_REQUEST_MS", "300");
            try (GatewayProcess gateway = GatewayProcess.start("production-logs-gateway", env)) {
                Http http = gateway.http();
                Users.LoggedIn user = Users.newUser(http);
                assertThat(http.get("/api/v1/user/profile", user.accessToken(), "X-Request-Id", "prod-fast-1")
                        .status()).isEqualTo(200);
                for (int instance = 0; instance < stubs.config().instancesPerService(); instance++) {
                    stubs.setLatency(StubService.TICKET, instance, Duration.ofMillis(600));
                }
                assertThat(http.get("/api/v1/events/evt-001/availability", null, "X-Request-Id", "prod-slow-1")
                        .status()).isEqualTo(200);

                JsonNode fast = Eventually.get(() -> accessLine(gateway, "prod-fast-1"), Optional::isPresent)
                        .orElseThrow();
                assertThat(fast.get("level").asString()).isEqualTo("INFO");
                assertThat(fast.get("route").asString()).isEqualTo("user.profile.get");
                assertThat(fast.get("userId").asString()).isEqualTo(user.userId());
                assertThat(fast.get("traceId").asString()).matches("[0-9a-f]{32}");
                assertThat(fast.get("message").asString()).contains("status=200", "latencyMs=");

                JsonNode slow = Eventually.get(() -> accessLine(gateway, "prod-slow-1"), Optional::isPresent)
                        .orElseThrow();
                assertThat(slow.get("level").asString()).isEqualTo("WARN");
                assertThat(slow.get("route").asString()).isEqualTo("events.availability");
                assertThat(slow.get("userId").asString()).isEqualTo("-");
                assertThat(slow.get("message").asString()).startsWith("slow request GET /api/v1/events/evt-001/availability")
                        .contains("status=200");

                List<String> appLines = Arrays.stream(gateway.logText().split("\n"))
                        .filter(line -> line.contains("ticketing-gateway") || line.contains("\"logger_name\"")).toList();
                assertThat(appLines).as("the application's own lines").isNotEmpty()
                        .allSatisfy(line -> assertThat(json(line)).as(line).isPresent());
            }
        }
    }

    /** The JSON access line of the request with {@code requestId}, if the log holds it yet. */
    private static Optional<JsonNode> accessLine(GatewayProcess gateway, String requestId) {
        return Arrays.stream(gateway.logText().split("\n")).map(ProductionLogsIT::json).flatMap(Optional::stream)
                .filter(line -> "access".equals(text(line, "logger_name")) && requestId.equals(text(line, "requestId")))
                .findFirst();
    }

    private static String text(JsonNode line, String field) {
        JsonNode value = line.get(field);
        return value == null ? null : value.asString();
    }

    private static Optional<JsonNode> json(String line) {
        if (!line.startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Http.JSON.readTree(line));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
