package com.ticketing.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.ticketing.proto.CallHeaders;
import com.ticketing.stub.StubService;
import io.grpc.Metadata;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Metrics by route, trace context from the client to the services, spans exported over OTLP to a
 * receiver (WireMock), DEBUG lines per upstream call, and gzip responses: the gateway on a real
 * port, the stubs on real TCP ports, a real HTTP client.
 */
class ObservabilityIT {

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]");
    private static final String AVAILABILITY = "/api/v1/events/evt-001/availability";
    private static final HttpClient RAW = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static WireMockServer otlpReceiver;
    private static LogCapture logs;
    private static Stack stack;
    private static Http http;

    @BeforeAll
    static void start() {
        otlpReceiver = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        otlpReceiver.start();
        otlpReceiver.stubFor(post(urlEqualTo("/v1/traces")).willReturn(ok()));
        logs = new LogCapture();
        stack = Stack.start(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + otlpReceiver.port(),
                "TRACING_SAMPLING_PROBABILITY", "1.0",
                "management.opentelemetry.tracing.export.schedule-delay", "200ms",
                "logging.level.com.ticketing.gateway.app.MeteredBackend", "DEBUG"));
        logs.attach();
        http = stack.http;
    }

    @AfterAll
    static void stop() {
        try {
            stack.close();
        } finally {
            logs.close();
            otlpReceiver.stop();
        }
    }

    @Test
    void httpMetricsCarryTheRouteAndNeverARawPath() {
        assertThat(http.get("/api/v1/events", null).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/events/evt-002", null).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/no-such-thing-7f3a", null).status()).isEqualTo(404);

        List<String> buckets = http.get("/metrics", null).body().lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_bucket{")).toList();

        assertThat(buckets).anyMatch(line -> line.contains("route=\"events.list\"") && line.contains("method=\"GET\"")
                && line.contains("outcome=\"SUCCESS\"") && line.contains("uri=\"/api/v1/events\""));
        assertThat(buckets).anyMatch(line -> line.contains("route=\"events.get\"")
                && line.contains("uri=\"/api/v1/events/{id}\""));
        assertThat(buckets).anyMatch(line -> line.contains("route=\"UNMATCHED\"") && line.contains("status=\"404\""));
        assertThat(buckets).noneMatch(line -> line.contains("evt-002") || line.contains("no-such-thing"));
    }

    @Test
    void continuesTheClientsTraceIntoTheServiceCallWithANewSpan() {
        String traceId = randomHex(16);
        String clientSpanId = randomHex(8);

        Http.Answer answer = http.get(AVAILABILITY, null, "traceparent", "00-" + traceId + "-" + clientSpanId + "-01",
                "X-Request-Id", "obs-trace-1");

        assertThat(answer.status()).isEqualTo(200);
        var sent = TRACEPARENT.matcher(lastTraceParent(StubService.TICKET));
        assertThat(sent.matches()).isTrue();
        assertThat(sent.group(1)).as("trace id sent to the service").isEqualTo(traceId);
        assertThat(sent.group(2)).as("span id sent to the service").isNotEqualTo(clientSpanId)
                .isNotEqualTo("0000000000000000");
        // The access line is written once the response is complete: moments after the client has it.
        assertThat(Eventually.get(logs::lines, lines -> lines.stream().anyMatch(line -> line.contains("access")
                        && line.contains(traceId))))
                .as("the access log line of the request, with the client's trace id")
                .anyMatch(line -> line.contains("access")
                        && line.contains("GET " + AVAILABILITY + " route=events.availability user=- status=200")
                        && line.contains("requestId=obs-trace-1") && line.contains(traceId));
    }

    @Test
    void startsATraceForARequestWithoutOne() {
        assertThat(http.get(AVAILABILITY, null).status()).isEqualTo(200);
        String first = lastTraceParent(StubService.TICKET);
        assertThat(http.get(AVAILABILITY, null).status()).isEqualTo(200);
        String second = lastTraceParent(StubService.TICKET);

        assertThat(first).matches(TRACEPARENT).doesNotContain("00000000000000000000000000000000");
        assertThat(second).matches(TRACEPARENT);
        assertThat(second.substring(3, 35)).as("each request its own trace").isNotEqualTo(first.substring(3, 35));
    }

    @Test
    void exportsTheSpansOfATracedRequestOverOtlp() {
        String traceId = randomHex(16);
        assertThat(http.get(AVAILABILITY, null, "traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
                .status()).isEqualTo(200);
        byte[] traceIdBytes = HexFormat.of().parseHex(traceId);

        List<LoggedRequest> exports = Eventually.get(
                () -> otlpReceiver.findAll(postRequestedFor(urlEqualTo("/v1/traces"))),
                requests -> requests.stream().anyMatch(r -> contains(r.getBody(), traceIdBytes)));

        assertThat(exports).as("OTLP exports holding the trace").anyMatch(r -> contains(r.getBody(), traceIdBytes)
                && r.getHeader("Content-Type").startsWith("application/x-protobuf"));
    }

    @Test
    void logsEachUpstreamCallAtDebugWithItsFieldsButNeverTheToken() {
        Users.LoggedIn user = Users.newUser(http);

        assertThat(http.get("/api/v1/user/profile", user.accessToken(), "X-Request-Id", "obs-debug-1").status())
                .isEqualTo(200);

        // Console lines below WARN leave in batches (LOG_FLUSH_INTERVAL_MS): wait for the call's.
        List<String> callLines = Eventually.get(
                () -> logs.lines().stream().filter(line -> line.contains("grpc call ")).toList(),
                lines -> lines.stream().anyMatch(line -> line.contains("requestId=obs-debug-1")));
        assertThat(callLines).anyMatch(line -> line.contains("DEBUG") && line.contains("MeteredBackend")
                && line.contains("grpc call service=auth-service method=GetUserProfile status=OK latencyMs=")
                && line.contains("requestId=obs-debug-1"));
        assertThat(callLines).noneMatch(line -> line.contains(user.accessToken()) || line.contains("Bearer"));
        assertThat(Eventually.get(logs::lines, lines -> lines.stream().anyMatch(line -> line.contains("access")
                        && line.contains("requestId=obs-debug-1"))))
                .as("the access line names the route and the authenticated user")
                .anyMatch(line -> line.contains("access") && line.contains("obs-debug-1")
                        && line.contains("GET /api/v1/user/profile route=user.profile.get user=" + user.userId() + " status=200"));
    }

    @Test
    void gzipsALargeJsonBodyForAClientThatAcceptsIt() {
        String plain = http.get("/api/v1/events", null).body();
        assertThat(plain.length()).as("the event list is worth compressing").isGreaterThan(1024);

        HttpResponse<byte[]> zipped = sendForBytes(http.request("/api/v1/events")
                .header("Accept-Encoding", "gzip").GET().build());

        assertThat(zipped.statusCode()).isEqualTo(200);
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(zipped.body().length).isLessThan(plain.length());
        assertThat(Http.JSON.readTree(gunzip(zipped.body()))).isEqualTo(Http.JSON.readTree(plain));
        String etag = zipped.headers().firstValue("ETag").orElseThrow();
        assertThat(http.get("/api/v1/events", null, "If-None-Match", etag, "Accept-Encoding", "gzip").status())
                .as("the compressed answer's tag revalidates").isEqualTo(304);
    }

    @Test
    void leavesASmallBodyUncompressed() {
        HttpResponse<byte[]> problem = sendForBytes(http.request("/api/v1/no-such-thing")
                .header("Accept-Encoding", "gzip").GET().build());

        assertThat(problem.statusCode()).isEqualTo(404);
        assertThat(problem.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(Http.JSON.readTree(problem.body()).get("code").asString()).isEqualTo("NOT_FOUND");
    }

    @Test
    void neverCompressesTheBookingStatusStream() throws Exception {
        Users.LoggedIn user = Users.newUser(http);
        String bookingId = http.post("/api/v1/bookings", user.accessToken(), "{\"eventId\":\"evt-001\",\"quantity\":1}")
                .json().get("bookingId").asString();
        HttpRequest request = http.request("/api/v1/bookings/" + bookingId + "/stream")
                .header("Authorization", "Bearer " + user.accessToken())
                .header("Accept", "text/event-stream").header("Accept-Encoding", "gzip").GET().build();

        HttpResponse<Stream<String>> response = RAW.send(request, HttpResponse.BodyHandlers.ofLines());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            String firstData = null;
            while (firstData == null && it.hasNext()) {
                String line = it.next();
                firstData = line.startsWith("data: ") ? line : null;
            }
            assertThat(firstData).as("the first event, readable as it comes").contains("\"bookingId\":\"" + bookingId);
        }
    }

    // ----------------------------------------------------------------------------------- helpers

    private static String lastTraceParent(StubService service) {
        Metadata headers = stack.stubs.lastCallHeaders(service).orElseThrow();
        return headers.get(CallHeaders.TRACEPARENT);
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        random[0] |= 1;
        return HexFormat.of().formatHex(random);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static HttpResponse<byte[]> sendForBytes(HttpRequest request) {
        try {
            return RAW.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String gunzip(byte[] body) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
