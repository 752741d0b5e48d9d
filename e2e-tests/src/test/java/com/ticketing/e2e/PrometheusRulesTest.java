package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's kit in {@code deploy/}: the alerting rules pass {@code promtool check rules}, and
 * {@code promtool test rules} runs their tests on input series, each alert tested firing; the
 * Grafana dashboard is valid JSON with a panel for each thing the issue asks to see. That the
 * metrics they read exist is {@link MetricsBudgetIT}'s part. promtool comes with Debian's
 * {@code prometheus} package ({@code .ci/run} installs it when missing).
 */
class PrometheusRulesTest {

    private static final Path DEPLOY = Path.of(System.getProperty("basedir", ".")).resolve("../deploy").normalize();
    private static final Path RULES_DIR = DEPLOY.resolve("prometheus");
    private static final Path RULES = RULES_DIR.resolve("gateway-rules.yml");
    private static final Path RULE_TESTS = RULES_DIR.resolve("gateway-rules.test.yml");
    private static final Path DASHBOARD = DEPLOY.resolve("grafana/gateway-dashboard.json");

    private static Path promtool() {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst();
        assertThat(found).as("promtool must be on the PATH: apt-get install -y prometheus (Debian; .ci/run"
                + " installs it) or a Prometheus release's promtool").isPresent();
        return found.get();
    }

    private static String run(String... arguments) throws IOException, InterruptedException {
        List<String> command = Stream.concat(Stream.of(promtool().toString()), Stream.of(arguments)).toList();
        Process process = new ProcessBuilder(command).directory(RULES_DIR.toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
        return output;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> alerts() throws IOException {
        Map<String, Object> rules = new Yaml().load(Files.readString(RULES));
        Set<String> alerts = new TreeSet<>();
        for (Object group : (List<Object>) rules.get("groups")) {
            for (Object rule : (List<Object>) ((Map<String, Object>) group).get("rules")) {
                alerts.add(String.valueOf(((Map<String, Object>) rule).get("alert")));
            }
        }
        return alerts;
    }

    @Test
    void theAlertingRulesPassPromtoolCheck() throws Exception {
        assertThat(run("check", "rules", RULES.getFileName().toString())).contains("SUCCESS: 6 rules found");
    }

    @Test
    void theAlertingRulesPassTheirPromtoolTestsOnInputSeries() throws Exception {
        assertThat(run("test", "rules", RULE_TESTS.getFileName().toString())).contains("SUCCESS");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertIsTestedFiring() throws Exception {
        Map<String, Object> tests = new Yaml().load(Files.readString(RULE_TESTS));
        Set<String> firing = new TreeSet<>();
        for (Object test : (List<Object>) tests.get("tests")) {
            for (Object check : (List<Object>) ((Map<String, Object>) test).get("alert_rule_test")) {
                Map<String, Object> c = (Map<String, Object>) check;
                if (!((List<Object>) c.get("exp_alerts")).isEmpty()) {
                    firing.add(String.valueOf(c.get("alertname")));
                }
            }
        }
        assertThat(alerts()).containsExactlyInAnyOrder("GatewayHighErrorRatio", "GatewayP99OverTarget",
                "GatewayCircuitBreakerOpen", "GatewayRedisFailures", "GatewayRequestsShed", "GatewayNoHealthyInstance");
        assertThat(firing).isEqualTo(alerts());
    }

    @Test
    void theDashboardShowsWhatOperatorsNeed() throws Exception {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                expressions.add(target.get("expr").asString());
            }
        }

        assertThat(dashboard.get("uid").asString()).isEqualTo("ticketing-gateway");
        assertThat(expressions)
                .anyMatch(e -> e.contains("sum by (route) (rate(http_server_requests_seconds_count"))
                .anyMatch(e -> e.contains("sum by (code) (rate(gateway_http_problems_total"))
                .anyMatch(e -> e.startsWith("histogram_quantile(0.5, sum by (le, route)"))
                .anyMatch(e -> e.startsWith("histogram_quantile(0.99, sum by (le, route)"))
                .anyMatch(e -> e.contains("sum by (service, status) (rate(gateway_grpc_client_calls_seconds_count"))
                .anyMatch(e -> e.contains("resilience4j_circuitbreaker_state"))
                .anyMatch(e -> e.contains("sum by (limit) (rate(gateway_rate_limit_decisions_total{outcome=\"rejected\"}"))
                .anyMatch(e -> e.contains("gateway_http_requests_shed_total"))
                .anyMatch(e -> e.contains("gateway_redis_commands_seconds_sum"))
                .anyMatch(e -> e.contains("gateway_redis_commands_seconds_count{outcome=\"error\"}"))
                .anyMatch(e -> e.contains("jvm_memory_used_bytes"));
    }
}
