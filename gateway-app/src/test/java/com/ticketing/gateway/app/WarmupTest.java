package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.ticketing.gateway.adapter.grpc.OperationRegistry;
import com.ticketing.gateway.adapter.grpc.SampleServices;
import com.ticketing.gateway.domain.route.ApiRoutes;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteKind;
import com.ticketing.gateway.domain.route.RouteTable;
import com.ticketing.gateway.domain.route.Upstream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The warm-up's settings: how long, which requests, and what the sample instance is told. */
class WarmupTest {

    private static final String ACCESS = "warm-up-access-secret-0123456789-0123456789";
    private static final String REFRESH = "warm-up-refresh-secret-0123456789-0123456789";

    @Test
    void theLongestWarmUpIsWholeSecondsWithADefaultAndZeroForNone() {
        assertThat(Warmup.maxOf(null)).isEqualTo(Warmup.DEFAULT_MAX);
        assertThat(Warmup.maxOf(" ")).isEqualTo(Warmup.DEFAULT_MAX);
        assertThat(Warmup.maxOf("0")).isZero();
        assertThat(Warmup.maxOf(" 45 ")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Warmup.maxOf("600")).isEqualTo(Duration.ofMinutes(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "601", "1.5", "30s", "lots"})
    void anythingElseRefusesToStartNamingTheVariable(String value) {
        assertThatThrownBy(() -> Warmup.maxOf(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WARMUP_MAX_SECONDS").hasMessageContaining("'" + value + "'");
    }

    @Test
    void noWarmUpRunsNothing() {
        assertThat(Warmup.run(new String[0], Duration.ZERO)).isEmpty();
    }

    /**
     * A production deployment's settings, with the warm-up's on top: every service is the sample
     * one, the store is memory, secrets and limits are the warm-up's own, nothing is exported.
     */
    @Test
    void theSampleInstanceKeepsNothingOfWhereTheRealOneSendsAndStores() {
        Map<String, String> production = new HashMap<>(Map.of("GATEWAY_ENV", "production",
                "REDIS_URL", "redis://redis:6379", "REDIS_CLUSTER_NODES", "r1:6379,r2:6379",
                "JWT_ALGORITHM", "RS256", "JWT_JWKS_URL", "https://auth/jwks.json",
                "GRPC_TLS_ENABLED", "true", "GRPC_TICKET_SERVICE_URL", "tickets:443",
                "RATE_LIMIT_MAX_REQUESTS", "100", "TRUSTED_PROXIES", "10.0.0.0/8"));
        GatewayProperties sample = ConfigurationNamesTest.bind(production, Warmup.overrides(4321, ACCESS, REFRESH));

        for (Upstream service : Upstream.values()) {
            assertThat(sample.grpc().service(service).url()).as(service.healthName()).isEqualTo("127.0.0.1:4321");
        }
        assertThat(sample.grpc().tls().enabled()).isFalse();
        assertThat(List.of(sample.grpc().tls().caCert(), sample.grpc().tls().clientCert(), sample.grpc().tls().clientKey()))
                .allSatisfy(path -> assertThat(path).isBlank());
        assertThat(sample.redis().configured()).isFalse();
        assertThat(sample.jwt().algorithm()).isEqualTo("HS256");
        assertThat(sample.jwt().jwksUrl()).isBlank();
        assertThat(sample.jwt().secret()).isEqualTo(ACCESS);
        assertThat(sample.jwt().refreshSecret()).isEqualTo(REFRESH);
        assertThat(sample.trustedProxies()).isEmpty();
        assertThat(sample.rateLimit().limits()).as("every configured limit, far above the drive")
                .isNotEmpty().allSatisfy((name, limit) -> assertThat(limit.maxRequests()).as(name).isEqualTo(1_000_000_000));
        assertThat(sample.production()).as("the same environment otherwise").isTrue();
        assertThat(StartupChecks.check(sample).access()).isEqualTo(ACCESS);
    }

    @Test
    void theSampleInstanceTakesTheGivenArgumentsExceptThoseItOverrides() {
        Map<String, String> overrides = Warmup.overrides(4321, ACCESS, REFRESH);
        String[] arguments = Warmup.arguments(new String[] {"--server.port=8080", "--gateway.max-body-bytes=2048",
                "--server.portable=x"}, overrides);

        assertThat(arguments).contains("--gateway.max-body-bytes=2048", "--server.portable=x", "--server.port=0")
                .doesNotContain("--server.port=8080");
        assertThat(Arrays.stream(arguments).filter(a -> a.startsWith("--server.port="))).containsExactly("--server.port=0");
        assertThat(arguments).hasSize(overrides.size() + 2);
    }

    /**
     * The sample traffic: every transcoded route as a real client sends it (bodies where the route
     * reads one), the refusals a real instance answers every minute, and the probes.
     */
    @Test
    void theDriveSendsEveryTranscodedRouteTheEverydayRefusalsAndTheProbes() {
        RouteTable routes = ApiRoutes.v1(Duration.ofSeconds(5), Duration.ofSeconds(8));
        List<WarmupDrive.Exchange> exchanges = WarmupDrive.exchanges(routes, OperationRegistry.platformServices(), "tkn", 4321);
        Map<String, String> texts = exchanges.stream()
                .collect(Collectors.toMap(WarmupDrive.Exchange::name, e -> new String(e.bytes(), StandardCharsets.UTF_8)));

        List<String> transcoded = routes.routes(r -> r.kind() == RouteKind.TRANSCODE).stream().map(Route::id).toList();
        assertThat(exchanges).extracting(WarmupDrive.Exchange::name).containsAll(transcoded)
                .contains("no token", "not found", "no such route", "not JSON", "/health", "/health/liveness", "/health/readiness")
                .contains("auth.login").doesNotContain("bookings.stream", "auth.refresh", "auth.logout", "bookings.streamTicket");
        assertThat(exchanges).filteredOn(e -> sent(transcoded, e) || e.name().startsWith("/health"))
                .allSatisfy(e -> assertThat(e.statusClass()).as(e.name()).isEqualTo(2));
        assertThat(exchanges).filteredOn(e -> !sent(transcoded, e) && !e.name().startsWith("/health"))
                .hasSize(4).allSatisfy(e -> assertThat(e.statusClass()).as(e.name()).isEqualTo(4));

        assertThat(texts.get("events.availability")).isEqualTo(
                "GET /api/v1/events/warmup-0042/availability HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(texts.get("events.list")).startsWith("GET /api/v1/events HTTP/1.1\r\n");
        assertThat(texts.get("events.list?")).as("once more with every query parameter, ranged ones at their least")
                .startsWith("GET /api/v1/events?category=warmup&page=1&pageSize=1&q=warmup HTTP/1.1\r\n");
        assertThat(exchanges).filteredOn(e -> e.name().endsWith("?")).extracting(WarmupDrive.Exchange::name)
                .containsExactly("events.list?");
        assertThat(texts.get("bookings.get")).startsWith("GET /api/v1/bookings/warmup-0042 HTTP/1.1\r\n")
                .contains("\r\nAuthorization: Bearer tkn\r\n");
        assertThat(texts.get("bookings.cancel")).startsWith("DELETE /api/v1/bookings/warmup-0042 HTTP/1.1\r\n");
        String body = "{\"eventId\":\"warmup\",\"quantity\":1}";
        assertThat(texts.get("bookings.create")).startsWith("POST /api/v1/bookings HTTP/1.1\r\n")
                .contains("\r\nIdempotency-Key: warmup-key\r\n", "\r\nContent-Type: application/json\r\n",
                        "\r\nContent-Length: " + body.length() + "\r\n")
                .endsWith("\r\n\r\n" + body);
        assertThat(texts.get("payments.create")).contains("\r\nIdempotency-Key: warmup-key\r\n");
        assertThat(texts.get("user.profile.update")).startsWith("PUT /api/v1/user/profile HTTP/1.1\r\n")
                .endsWith("{\"firstName\":\"warmup\",\"lastName\":\"warmup\"}");
        assertThat(texts.get("auth.login")).startsWith("POST /api/v1/auth/login HTTP/1.1\r\n")
                .endsWith("{\"email\":\"warmup\",\"password\":\"warmup\"}").doesNotContain("Authorization");
        assertThat(texts.get("no token")).doesNotContain("Authorization");
        assertThat(texts.get("not found")).contains("/" + SampleServices.MISSING + " HTTP/1.1").contains("Bearer tkn");
        assertThat(texts.get("not JSON")).endsWith("\r\n\r\n{\"warmup");
        assertThat(texts.get("/health/readiness")).isEqualTo("GET /health/readiness HTTP/1.1\r\nHost: 127.0.0.1:4321\r\n\r\n");
        assertThat(WarmupDrive.samplePath(routes.byId("events.list").orElseThrow(), "x")).isEqualTo("/api/v1/events");
    }

    @Test
    void aWarmUpIsSoundWhenNothingFailedAndNineInTenAnswersWereAsExpected() {
        assertThat(new Warmup.Report(Duration.ZERO, 2, 100, 90, List.of(), 0, Optional.empty(), "").sound()).isTrue();
        assertThat(new Warmup.Report(Duration.ZERO, 2, 100, 89, List.of(), 0, Optional.empty(), "").sound()).isFalse();
        assertThat(new Warmup.Report(Duration.ZERO, 1, 0, 0, List.of(), 0, Optional.empty(), "").sound()).isFalse();
        assertThat(new Warmup.Report(Duration.ZERO, 1, 100, 100, List.of(), 0, Optional.of("x"), "").sound()).isFalse();
    }

    @Test
    void theJitHasSettledAfterTheMinimumWhenItCompiledLittleOverTheLastWindow() {
        long second = 1_000_000_000L;
        WarmupDrive.Settling settling = new WarmupDrive.Settling(0, 1_000);
        long jit = 1_000;
        for (long t = 0; t < 4 * second; t += second / 2) {
            jit += 500;
            assertThat(settling.settled(t, jit)).as("busy, or before the minimum, at %d ms", t / 1_000_000).isFalse();
        }
        long[] later = {jit, jit + 40, jit + 160, jit + 190, jit + 200};
        for (int i = 0; i < later.length; i++) {
            assertThat(settling.settled(4 * second + i * second / 2, later[i]))
                    .as("100 ms or more of JIT time over the last 1.5 s, sample %d", i).isFalse();
        }
        assertThat(settling.settled(6 * second + second / 2, jit + 210)).as("50 ms over the last 1.5 s").isTrue();

        WarmupDrive.Settling quiet = new WarmupDrive.Settling(0, 0);
        assertThat(quiet.settled(0, 0)).isFalse();
        assertThat(quiet.settled(3 * second, 0)).as("before the minimum").isFalse();
        assertThat(quiet.settled(4 * second, 0)).as("never busy").isTrue();
    }

    @Test
    void everyRoundButTheLastGetsAnEqualShareOfTheTimeLeftSoThatAJitThatNeverSettlesStillLeavesTimeForTheNext() {
        long second = 1_000_000_000L;
        assertThat(Warmup.ROUNDS).isEqualTo(2);
        assertThat(Warmup.roundDeadline(0, 60 * second, 0)).as("the first of two rounds: half of 60 s").isEqualTo(30 * second);
        assertThat(Warmup.roundDeadline(31 * second, 60 * second, 1)).as("the last round: all that is left")
                .isEqualTo(60 * second);
        assertThat(Warmup.roundDeadline(5 * second, 25 * second, 0)).isEqualTo(15 * second);
        assertThat(60 * second - Warmup.roundDeadline(0, 60 * second, 0))
                .as("after a first round that runs to its deadline, the second still has time to start")
                .isGreaterThan(Warmup.ROUND_MINIMUM.toNanos());
        long now = System.nanoTime();
        assertThat(Warmup.roundDeadline(now, now + 10 * second, 0)).as("on the nanoTime clock, wherever it starts")
                .isEqualTo(now + 5 * second);
    }

    @Test
    void theReportSaysWhatTheWarmUpDidOrWhyItStopped() {
        assertThat(new Warmup.Report(Duration.ofMillis(1500), 2, 200, 198, List.of(), 900, Optional.empty(), "trimmed"))
                .hasToString("warm-up took 1500 ms: 200 requests to 2 sample instances (198 answered as expected), 900 ms of JIT"
                        + " compilation; trimmed");
        assertThat(new Warmup.Report(Duration.ofMillis(900), 1, 50, 50, List.of(), 300, Optional.empty(), "trimmed"))
                .hasToString("warm-up took 900 ms: 50 requests to a sample instance (50 answered as expected), 300 ms of JIT"
                        + " compilation; trimmed");
        assertThat(new Warmup.Report(Duration.ofMillis(900), 2, 50, 48, List.of("auth.login 502", "no token 200"), 300,
                Optional.empty(), "trimmed"))
                .hasToString("warm-up took 900 ms: 50 requests to 2 sample instances (48 answered as expected), 300 ms of JIT"
                        + " compilation; unexpected answers: auth.login 502, no token 200; trimmed");
        assertThat(new Warmup.Report(Duration.ofMillis(20), 1, 0, 0, List.of(), 0, Optional.of("java.net.BindException"), "trimmed"))
                .hasToString("warm-up stopped after 20 ms by java.net.BindException; the gateway starts anyway; trimmed");
    }

    @Test
    void theHeapIsCollectedAfterwardsSoThatTheSampleInstancesGarbageIsGoneBeforeServing() {
        Object[] sampleGarbage = new Object[100_000];
        for (int i = 0; i < sampleGarbage.length; i++) {
            sampleGarbage[i] = new byte[64];
        }
        WeakReference<Object[]> left = new WeakReference<>(sampleGarbage);
        sampleGarbage = null;

        assertThat(Warmup.collectHeap()).matches("heap \\d+M->\\d+M after a full collection");
        assertThat(left.get()).as("unreachable after the warm-up, so collected").isNull();
    }

    @Test
    void theNativeHeapIsTrimmedAfterwardsWhereTheCLibraryCan() {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "glibc's malloc_trim: Linux only");
        assertThat(Warmup.trimNativeHeap()).startsWith("Trim native heap: RSS+Swap: ");
    }

    @Test
    void aFailureIsReportedByItsTypesNotItsMessagesWhichMayQuoteSettings() {
        IllegalStateException failure = new IllegalStateException("Value: hunter2",
                new RuntimeException("wrapped", new java.net.BindException("password=hunter2")));
        assertThat(Warmup.failure(failure)).isEqualTo("java.lang.IllegalStateException, caused by java.net.BindException");
        assertThat(Warmup.failure(new java.io.IOException("x"))).isEqualTo("java.io.IOException");
    }

    private static boolean sent(List<String> transcoded, WarmupDrive.Exchange exchange) {
        return transcoded.contains(exchange.name().replace("?", "")) || exchange.name().equals("auth.login");
    }
}
