package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.adapter.redis.RedisServerFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} after the whole booking journey, on a gateway with its default limits and
 * buckets and a real redis-server: within the budget of 1,500 lines, histograms only where they
 * are meant to be, and every metric the operator's kit in {@code deploy/} reads is there.
 */
class MetricsBudgetIT {

    static final int BUDGET_LINES = 1500;
    private static final Path DEPLOY = Path.of(System.getProperty("basedir", ".")).resolve("../deploy").normalize();
    /** A metric name in a PromQL expression: the families the gateway exports, by their prefixes. */
    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:gateway|http_server|jvm|process|resilience4j|cache)_[a-z0-9_]*[a-z0-9])\\b");
    private static final List<String> DEFAULT_BUCKETS_SECONDS =
            List.of("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "+Inf");

    private static RedisServerFixture redis;
    private static Stack stack;
    private static List<String> metrics;

    @BeforeAll
    static void walkTheJourney() {
        redis = RedisServerFixture.startOnFreePort();
        // The gateway's own default limits, not the raised ones of the other stacks.
        stack = Stack.start(Map.of("REDIS_URL", redis.url(), "RATE_LIMIT_MAX_REQUESTS", "100",
                "RATE_LIMIT_USER_MAX_REQUESTS", "1000", "RATE_LIMIT_LOGIN_MAX_REQUESTS", "10",
                "RATE_LIMIT_REGISTER_MAX_REQUESTS", "10", "RATE_LIMIT_PAYMENT_MAX_REQUESTS", "30"));
        Http http = stack.http;
        Users.LoggedIn user = Users.newUser(http);
        String access = user.accessToken();
        http.get("/api/v1/user/profile", access);
        http.put("/api/v1/user/profile", access, "{\"firstName\":\"Grace\",\"lastName\":\"Hopper\"}");
        http.get("/api/v1/events", null);
        http.get("/api/v1/events", null);
        http.get("/api/v1/events/evt-001", null);
        http.get("/api/v1/events/evt-001/availability", null);
        http.get("/api/v1/events/no-such-event", null);
        http.get("/api/v1/no-such-route", null);
        String bookingId = http.post("/api/v1/bookings", access, "{\"eventId\":\"evt-001\",\"quantity\":2}")
                .json().get("bookingId").asString();
        http.events("/api/v1/bookings/" + bookingId + "/stream", access,
                b -> b.get("status").asString().equals("RESERVED"));
        String paymentId = http.post("/api/v1/payments", access,
                        "{\"bookingId\":\"" + bookingId + "\",\"paymentMethodToken\":\"tok_visa\"}",
                        "Idempotency-Key", UUID.randomUUID().toString())
                .json().get("paymentId").asString();
        http.get("/api/v1/payments/" + paymentId, access);
        http.get("/api/v1/bookings/" + bookingId, access);
        http.get("/api/v1/bookings", access);
        http.get("/api/v1/tickets", access);
        String other = http.post("/api/v1/bookings", access, "{\"eventId\":\"evt-002\",\"quantity\":1}")
                .json().get("bookingId").asString();
        http.delete("/api/v1/bookings/" + other, access);
        http.post("/api/v1/payments", access, "{\"bookingId\":\"" + other + "\",\"paymentMethodToken\":\"tok_declined\"}",
                "Idempotency-Key", UUID.randomUUID().toString());
        http.post("/api/v1/auth/refresh", null, "{\"refreshToken\":\"" + user.refreshToken() + "\"}");
        http.get("/api/v1/bookings", null);
        http.post("/api/v1/auth/login", null, "{\"email\":\"nobody@example.com\",\"password\":\"wrong-password-1\"}");
        for (int i = 0; i < 11; i++) {
            http.post("/api/v1/auth/register", null, Users.registerBody(Users.newEmail()));
        }
        http.post("/api/v1/auth/logout", access, null);
        String scraped = http.get("/metrics", null).body();
        metrics = scraped.lines().toList();
        try {
            Files.writeString(Files.createDirectories(Path.of(System.getProperty("basedir", "."), "target"))
                    .resolve("metrics-after-journey.txt"), scraped);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    void theWholeJourneyLeavesAtMostFifteenHundredLines() {
        assertThat(metrics).as("the journey was served and reported").anyMatch(l -> l.startsWith(
                "gateway_rate_limit_decisions_total") && l.contains("outcome=\"rejected\""));
        assertThat(metrics.size()).as("lines of /metrics").isLessThanOrEqualTo(BUDGET_LINES);
    }

    @Test
    void onlyTheRequestAndGrpcClientTimersHaveHistogramsWithTheServiceLevelBuckets() {
        Set<String> histograms = metrics.stream().filter(l -> !l.startsWith("#") && l.contains("_bucket{"))
                .map(l -> l.substring(0, l.indexOf("_bucket{"))).collect(Collectors.toCollection(TreeSet::new));
        assertThat(histograms).containsExactly("gateway_grpc_client_calls_seconds", "http_server_requests_seconds");

        String oneSeries = series(metrics.stream().filter(l -> l.startsWith("http_server_requests_seconds_bucket{")
                && l.contains("route=\"events.list\"")).findFirst().orElseThrow());
        List<String> bounds = metrics.stream()
                .filter(l -> l.startsWith("http_server_requests_seconds_bucket{") && series(l).equals(oneSeries))
                .map(l -> l.replaceAll(".*le=\"([^\"]*)\".*", "$1")).toList();
        assertThat(bounds).containsExactlyElementsOf(DEFAULT_BUCKETS_SECONDS);
    }

    /** A bucket line's series: everything before its {@code le} label. */
    private static String series(String bucketLine) {
        return bucketLine.substring(0, bucketLine.indexOf(",le=\""));
    }

    @Test
    void noPercentilesNoMaximaAndNoHistogramPerStatusCode() {
        assertThat(metrics).noneMatch(l -> l.contains("quantile=\""));
        assertThat(metrics).as("no *_max gauges unless METRICS_MAX_GAUGES asks")
                .noneMatch(l -> !l.startsWith("#") && l.split("[{ ]", 2)[0].endsWith("_max"));
        Set<String> families = metrics.stream().filter(l -> l.startsWith("# TYPE "))
                .map(l -> l.split(" ")[2]).collect(Collectors.toCollection(TreeSet::new));
        assertThat(families).noneMatch(f -> f.matches(".*_[1-5]xx.*|.*status_[0-9]{3}.*"));
    }

    @Test
    void theSeedsFamiliesStay() {
        assertThat(metrics).anyMatch(l -> l.startsWith("http_server_requests_seconds_count{"))
                .anyMatch(l -> l.startsWith("http_server_requests_seconds_sum{"))
                .anyMatch(l -> l.startsWith("http_server_requests_seconds_count{") && l.contains("status=\"404\""))
                .anyMatch(l -> l.startsWith("http_server_requests_seconds_count{") && l.contains("status=\"429\""))
                .anyMatch(l -> l.startsWith("http_server_requests_seconds_count{") && l.contains("status=\"401\""))
                .anyMatch(l -> l.startsWith("gateway_grpc_client_calls_seconds_count{"))
                .anyMatch(l -> l.startsWith("gateway_http_requests_shed_total"))
                .anyMatch(l -> l.startsWith("gateway_http_problems_total{") && l.contains("code=\"RATE_LIMITED\"")
                        && !l.endsWith(" 0.0"))
                .anyMatch(l -> l.startsWith("gateway_rate_limit_decisions_total{"))
                .anyMatch(l -> l.startsWith("gateway_redis_commands_seconds_count{"))
                .anyMatch(l -> l.startsWith("gateway_grpc_service_serving{") && l.contains("service=\"ticket-service\""));
    }

    /**
     * The dashboard and the alerting rules read only metrics the gateway exports (a sample's name
     * or a family's, from its {@code # TYPE} line). The breaker's state is read as resilience4j's
     * {@code resilience4j_circuitbreaker_state}.
     */
    @Test
    void everyMetricTheDashboardAndTheRulesReadIsExported() {
        Set<String> used = new TreeSet<>();
        for (Path file : operatorKit()) {
            Matcher m = METRIC.matcher(read(file));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertThat(used).as("metric names in deploy/grafana and deploy/prometheus")
                .contains("http_server_requests_seconds_bucket", "resilience4j_circuitbreaker_state");

        Set<String> exported = metrics.stream().filter(l -> !l.isBlank())
                .map(l -> l.startsWith("# TYPE ") ? l.split(" ")[2] : l.split("[{ ]", 2)[0])
                .filter(name -> !name.startsWith("#")).collect(Collectors.toSet());
        assertThat(used).allSatisfy(name -> assertThat(exported).as("exported by the gateway").contains(name));
    }

    static List<Path> operatorKit() {
        try (Stream<Path> files = Stream.concat(Files.list(DEPLOY.resolve("grafana")),
                Files.list(DEPLOY.resolve("prometheus")))) {
            return files.filter(f -> f.toString().endsWith(".json") || f.getFileName().toString().endsWith("-rules.yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
