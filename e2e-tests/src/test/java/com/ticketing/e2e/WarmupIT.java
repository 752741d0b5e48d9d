package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.adapter.redis.RedisServerFixture;
import com.ticketing.stub.StubCluster;
import com.ticketing.stub.StubConfig;
import com.ticketing.stub.StubService;
import com.ticketing.stub.StubServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway as production starts it, with its JIT warm-up ({@code WARMUP_MAX_SECONDS}):
 * before it serves, a sample instance of itself is driven with sample traffic of its routes against
 * sample services in the same JVM. None of that reaches the real services, Redis or the console; the
 * gateway then serves from its own settings.
 */
class WarmupIT {

    private static final Pattern REPORT = Pattern.compile(
            "warm-up took (\\d+) ms: (\\d+) requests to (\\d+) sample instances \\((\\d+) answered as expected\\), (\\d+) ms of JIT compilation");

    @Test
    void warmsUpOnSampleServicesWithoutTouchingTheRealOnesThenServesFromItsOwnSettings() {
        try (StubCluster stubs = StubServices.start(StubConfig.defaults().withEphemeralPorts().withRandomJwtSecrets());
             RedisServerFixture redis = RedisServerFixture.startOnFreePort()) {
            Map<String, String> env = GatewayProcess.stubEnvironment(stubs);
            env.put("GATEWAY_ENV", "production");
            env.put("REDIS_URL", redis.url());
            env.put("WARMUP_MAX_SECONDS", "24");
            try (GatewayProcess gateway = GatewayProcess.start("warmup-gateway", env);
                 RedisClient client = RedisClient.create(redis.url());
                 StatefulRedisConnection<String, String> store = client.connect()) {
                List<String> reports = Arrays.stream(gateway.logText().split("\n"))
                        .filter(line -> line.contains("\"logger_name\":\"com.ticketing.gateway.app.Warmup\"")).toList();
                assertThat(reports).as("one report, as a JSON line like every other").hasSize(1);
                Matcher report = REPORT.matcher(reports.get(0));
                assertThat(report.find()).as(reports.get(0)).isTrue();
                long requests = Long.parseLong(report.group(2));
                long asExpected = Long.parseLong(report.group(4));
                assertThat(requests).as("requests of the drive").isGreaterThan(100);
                assertThat(asExpected).as("the sample instances answered as the real one would").isGreaterThan(requests * 9 / 10);
                assertThat(reports.get(0)).as("every kind of sample request, the login too, answered as a real instance would")
                        .doesNotContain("unexpected answers");
                assertThat(Long.parseLong(report.group(3))).as("both rounds ran, the first stopped at half the time at most")
                        .isEqualTo(2);
                assertThat(Long.parseLong(report.group(5))).as("JIT compilation during the warm-up").isPositive();
                assertThat(Long.parseLong(report.group(1))).as("about WARMUP_MAX_SECONDS at most (a round's close after it)")
                        .isLessThan(34_000);

                for (StubService service : StubService.values()) {
                    assertThat(stubs.lastCallHeaders(service)).as(service + " got no call of the warm-up").isEmpty();
                }
                assertThat(store.sync().dbsize()).as("nothing of the warm-up in Redis").isZero();
                assertThat(gateway.logText()).as("no line of the sample instance on the console").doesNotContain("/warmup");
                assertThat(gateway.logText().split("Tomcat started on port", -1)).as("one server started on the console")
                        .hasSize(2);

                Http http = gateway.http();
                Http.Answer availability = http.get("/api/v1/events/evt-001/availability", null);
                assertThat(availability.status()).isEqualTo(200);
                assertThat(availability.body()).contains("evt-001").doesNotContain("warmup");
                assertThat(stubs.lastCallHeaders(StubService.TICKET)).as("the real ticket service answered").isPresent();
                Users.LoggedIn user = Users.newUser(http);
                assertThat(http.get("/api/v1/user/profile", user.accessToken()).status()).isEqualTo(200);
                assertThat(store.sync().dbsize()).as("the gateway's sessions and limits in Redis").isPositive();
            }
        }
    }
}
