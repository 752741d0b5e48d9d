package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.stub.StubService;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A flood cannot exhaust the instance: beyond {@code MAX_IN_FLIGHT_REQUESTS} a request is answered
 * 503 at once while the probes keep answering, and beyond {@code SERVER_MAX_CONNECTIONS} a new
 * connection waits in the accept backlog instead of being served or breaking anything, and one
 * address holds at most {@code SERVER_MAX_CONNECTIONS_PER_CLIENT} of those connections.
 */
class ConnectionLimitsIT {

    private static final int MAX_IN_FLIGHT = 4;
    private static final Duration UPSTREAM_LATENCY = Duration.ofMillis(2000);
    private static final String SLOW_PATH = "/api/v1/events/evt-001/availability";
    private static final int SHED_PROBES = 5;

    @Test
    void beyondTheInFlightLimitRequestsGetAFast503WhileProbesAnswerAndServiceResumesAfterwards() throws Exception {
        try (Stack stack = Stack.start(Map.of("MAX_IN_FLIGHT_REQUESTS", String.valueOf(MAX_IN_FLIGHT)));
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Http http = stack.http;
            assertThat(http.get(SLOW_PATH, null).status()).as("warm-up").isEqualTo(200);
            for (int instance = 0; instance < stack.stubs.config().instancesPerService(); instance++) {
                stack.stubs.setLatency(StubService.TICKET, instance, UPSTREAM_LATENCY);
            }
            List<CompletableFuture<Http.Answer>> slow = new ArrayList<>();
            for (int i = 0; i < MAX_IN_FLIGHT; i++) {
                slow.add(CompletableFuture.supplyAsync(() -> http.get(SLOW_PATH, null), clients));
            }
            assertThat(Eventually.get(() -> metric(http, "gateway_http_requests_in_flight"), n -> n == MAX_IN_FLIGHT))
                    .as("the slow requests hold every slot").isEqualTo(MAX_IN_FLIGHT);

            List<Long> shedMillis = new ArrayList<>();
            for (int i = 0; i < SHED_PROBES; i++) {
                long start = System.nanoTime();
                Http.Answer refused = http.get("/api/v1/events/evt-002", null, "X-Request-Id", "shed-" + i);
                shedMillis.add((System.nanoTime() - start) / 1_000_000);
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(refused.header("Retry-After")).isEqualTo("1");
                assertThat(refused.header("X-Request-Id")).isEqualTo("shed-" + i);
                assertThat(refused.json().get("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
                assertThat(refused.json().get("requestId").asString()).isEqualTo("shed-" + i);
            }
            System.out.println("503 latencies with the in-flight limit full (ms): " + shedMillis);
            assertThat(shedMillis).as("never waits for a slot").allMatch(ms -> ms < UPSTREAM_LATENCY.toMillis() / 4);
            assertThat(shedMillis.stream().sorted().toList().get(SHED_PROBES / 2)).as("median ms").isLessThan(100);
            assertThat(http.get("/health/liveness", null).status()).isEqualTo(200);
            assertThat(http.get("/health/readiness", null).status()).isEqualTo(200);
            assertThat(slow).as("the slow requests were in flight all along").noneMatch(CompletableFuture::isDone);

            for (CompletableFuture<Http.Answer> call : slow) {
                assertThat(call.get().status()).as("a request within the limit").isEqualTo(200);
            }
            assertThat(http.get("/api/v1/events/evt-002", null).status()).as("served again").isEqualTo(200);
            assertThat(metric(http, "gateway_http_requests_shed_total")).isEqualTo(SHED_PROBES);
            assertThat(metric(http, "gateway_http_requests_in_flight")).isZero();
        }
    }

    /**
     * One address sending bodies a byte at a time holds only its share of the slots
     * ({@code MAX_IN_FLIGHT_PER_CLIENT}): its next request is refused at once, another address is served.
     */
    @Test
    void slowBodiesFromOneAddressHoldOnlyItsShareOfTheSlotsAndAnotherAddressIsServed() throws Exception {
        int share = 2;
        try (Stack stack = Stack.start(Map.of("MAX_IN_FLIGHT_REQUESTS", "8",
                "MAX_IN_FLIGHT_PER_CLIENT", String.valueOf(share)))) {
            Http http = stack.http;
            int port = Integer.parseInt(stack.gateway.getEnvironment().getProperty("local.server.port"));
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < share; i++) {
                    slow.add(slowBody("127.0.0.1", port));
                }
                assertThat(Eventually.get(() -> metric(http, "gateway_http_requests_in_flight"), n -> n == share))
                        .as("the slow bodies hold their share").isEqualTo(share);
                try (Socket third = slowBody("127.0.0.1", port)) {
                    third.setSoTimeout(5_000);
                    RawHttp.Response refused = RawHttp.read(third.getInputStream());
                    assertThat(refused.status()).isEqualTo(503);
                    assertThat(refused.header("Retry-After")).isEqualTo("1");
                }
                try (Socket other = new Socket()) {
                    other.bind(new InetSocketAddress("127.0.0.2", 0));
                    other.connect(new InetSocketAddress("127.0.0.1", port));
                    other.setSoTimeout(5_000);
                    other.getOutputStream().write(RawHttp.head("GET /api/v1/events/evt-001 HTTP/1.1",
                            "Host: localhost", "Connection: close"));
                    assertThat(RawHttp.read(other.getInputStream()).status()).as("another address").isEqualTo(200);
                }
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
            assertThat(metric(http, "gateway_http_requests_shed_total")).isEqualTo(1);
        }
    }

    /** A login whose body never comes, from {@code address}: it holds a slot until the body's deadline. */
    private static Socket slowBody(String address, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(address, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.getOutputStream().write(RawHttp.head("POST /api/v1/auth/login HTTP/1.1", "Host: localhost",
                "Content-Type: application/json", "Content-Length: 100"));
        socket.getOutputStream().flush();
        return socket;
    }

    /**
     * Tomcat stops accepting at {@code SERVER_MAX_CONNECTIONS}: the kernel completes the handshake
     * of a further connection and holds it in the listen backlog ({@code SERVER_ACCEPT_COUNT}),
     * where its request waits unanswered until a held connection closes; then it is served.
     */
    @Test
    void beyondTheConnectionLimitANewConnectionWaitsInTheBacklogUntilOneCloses() throws Exception {
        int maxConnections = 3;
        try (Stack stack = Stack.start(Map.of("SERVER_MAX_CONNECTIONS", String.valueOf(maxConnections)))) {
            int port = Integer.parseInt(stack.gateway.getEnvironment().getProperty("local.server.port"));
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < maxConnections; i++) {
                    Socket socket = new Socket("localhost", port);
                    held.add(socket);
                    assertThat(exchange(socket, Duration.ofSeconds(5))).as("held connection " + i).isEqualTo(200);
                }
                try (Socket waiting = new Socket("localhost", port)) {
                    sendHealthRequest(waiting);
                    waiting.setSoTimeout(1000);
                    assertThatThrownBy(() -> waiting.getInputStream().read()).as("no answer while the limit is full")
                            .isInstanceOf(SocketTimeoutException.class);
                    assertThat(exchange(held.get(1), Duration.ofSeconds(5)))
                            .as("held connections are still served").isEqualTo(200);

                    held.remove(0).close();

                    assertThat(readStatus(waiting, Duration.ofSeconds(5))).as("served once a slot frees")
                            .isEqualTo(200);
                }
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    /**
     * One address opening connections and sending nothing holds only its share
     * ({@code SERVER_MAX_CONNECTIONS_PER_CLIENT}): the connections beyond it are closed as they are
     * accepted and counted, so the server's own limit is never reached and a probe from another
     * address (the kubelet's) is answered at once. Without the share, these silent connections
     * would hold every connection and the probe would wait in the backlog.
     */
    @Test
    void silentConnectionsFromOneAddressHoldOnlyItsShareAndTheProbesAreAnswered() throws Exception {
        int maxConnections = 8;
        int share = 4;
        int opened = 12;
        try (Stack stack = Stack.start(Map.of("SERVER_MAX_CONNECTIONS", String.valueOf(maxConnections),
                "SERVER_MAX_CONNECTIONS_PER_CLIENT", String.valueOf(share)))) {
            int port = Integer.parseInt(stack.gateway.getEnvironment().getProperty("local.server.port"));
            List<Socket> silent = new ArrayList<>();
            try {
                int closedAtOnce = 0;
                for (int i = 0; i < opened; i++) {
                    Socket socket = new Socket();
                    socket.bind(new InetSocketAddress("127.0.0.5", 0));
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                    silent.add(socket);
                    if (i >= share) {
                        socket.setSoTimeout(1_000);
                        try {
                            assertThat(socket.getInputStream().read()).as("connection %d: closed", i).isEqualTo(-1);
                        } catch (SocketException reset) {
                            // closed as well, by a reset
                        }
                        closedAtOnce++;
                    }
                }
                assertThat(closedAtOnce).isEqualTo(opened - share);
                for (String probe : List.of("/health/liveness", "/health/readiness")) {
                    try (Socket kubelet = new Socket()) {
                        kubelet.bind(new InetSocketAddress("127.0.0.6", 0));
                        kubelet.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                        kubelet.getOutputStream().write(RawHttp.head("GET " + probe + " HTTP/1.1", "Host: localhost",
                                "Connection: close"));
                        assertThat(readStatus(kubelet, Duration.ofSeconds(1))).as(probe).isEqualTo(200);
                    }
                }
                assertThat(metric(stack.http, "gateway_http_connections_refused_total")).isEqualTo(opened - share);
                Socket held = silent.get(0);
                held.getOutputStream().write(RawHttp.head("GET /health/liveness HTTP/1.1", "Host: localhost"));
                assertThat(readStatus(held, Duration.ofSeconds(5))).as("a held connection is served").isEqualTo(200);
            } finally {
                for (Socket socket : silent) {
                    socket.close();
                }
            }
        }
    }

    private static int exchange(Socket socket, Duration timeout) throws IOException {
        sendHealthRequest(socket);
        return readStatus(socket, timeout);
    }

    private static void sendHealthRequest(Socket socket) throws IOException {
        socket.getOutputStream().write(RawHttp.head("GET /health/liveness HTTP/1.1", "Host: localhost"));
        socket.getOutputStream().flush();
    }

    /** Reads one response (headers and its Content-Length body) from a keep-alive connection. */
    private static int readStatus(Socket socket, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after: " + head);
            }
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        } else if (head.toString().toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            StringBuilder body = new StringBuilder();
            while (!body.toString().endsWith("0\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed inside a chunked body");
                }
                body.append((char) b);
            }
        }
        return Integer.parseInt(head.substring(9, 12));
    }

    /**
     * Open booking streams leave the in-flight limit once open (they would otherwise crowd out
     * every other request) and are bounded by {@code MAX_OPEN_STREAMS} instead: one more is
     * answered 503 before anything is streamed.
     */
    @Test
    void openStreamsLeaveTheInFlightLimitAndAreBoundedByTheirOwn() throws Exception {
        int maxStreams = 2;
        // The worker never moves a booking on: each stream stays open on its QUEUED booking.
        try (Stack stack = Stack.start(stubs -> stubs.withWorkerPace(Duration.ofHours(1)),
                Map.of("MAX_IN_FLIGHT_REQUESTS", "2", "MAX_OPEN_STREAMS", String.valueOf(maxStreams)))) {
            Http http = stack.http;
            Users.LoggedIn user = Users.newUser(http);
            List<String> bookings = new ArrayList<>();
            for (int i = 0; i <= maxStreams; i++) {
                Http.Answer booked = http.post("/api/v1/bookings", user.accessToken(),
                        "{\"eventId\":\"evt-001\",\"quantity\":1}");
                assertThat(booked.status()).as(booked.body()).isEqualTo(202);
                bookings.add(booked.json().get("bookingId").asString());
            }
            HttpClient client = HttpClient.newHttpClient();
            List<List<String>> streams = new ArrayList<>();
            for (int i = 0; i < maxStreams; i++) {
                List<String> lines = new CopyOnWriteArrayList<>();
                streams.add(lines);
                HttpRequest watch = watch(stack, bookings.get(i), user.accessToken());
                Thread.ofVirtual().start(() -> {
                    try {
                        client.send(watch, HttpResponse.BodyHandlers.ofLines()).body().forEach(lines::add);
                    } catch (IOException | InterruptedException e) {
                        lines.add("failed: " + e);
                    }
                });
            }
            for (List<String> lines : streams) {
                Eventually.get(() -> List.copyOf(lines), l -> l.contains("retry: 2000") /* the first event */);
            }

            assertThat(metric(http, "gateway_sse_streams_open")).isEqualTo(maxStreams);
            assertThat(metric(http, "gateway_http_requests_in_flight")).as("open streams hold no request slot")
                    .isZero();
            assertThat(http.get("/api/v1/events/evt-002", null).status()).as("other requests still get a slot")
                    .isEqualTo(200);

            HttpResponse<String> refused = client.send(watch(stack, bookings.get(maxStreams), user.accessToken()),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");
            assertThat(refused.body()).contains("SERVICE_UNAVAILABLE");
            assertThat(metric(http, "gateway_sse_streams_refused_total")).isEqualTo(1);
            assertThat(streams).allSatisfy(lines -> assertThat(lines).noneMatch(line -> line.startsWith("failed")));
        }
    }

    /**
     * One user holds at most {@code MAX_OPEN_STREAMS_PER_USER} open streams: one more is answered 429
     * before anything is streamed, while another user's stream opens; a slot of the user's comes back
     * when one of its streams ends.
     */
    @Test
    void oneUserHoldsOnlyItsShareOfTheOpenStreams() throws Exception {
        int perUser = 2;
        try (Stack stack = Stack.start(stubs -> stubs.withWorkerPace(Duration.ofHours(1)),
                Map.of("MAX_OPEN_STREAMS", "10", "MAX_OPEN_STREAMS_PER_USER", String.valueOf(perUser),
                        "SSE_HEARTBEAT_SECONDS", "1"))) {
            Http http = stack.http;
            Users.LoggedIn user = Users.newUser(http);
            Users.LoggedIn other = Users.newUser(http);
            String booking = book(http, user);
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<java.util.stream.Stream<String>>>> open = new ArrayList<>();
            for (int i = 0; i < perUser; i++) {
                open.add(client.sendAsync(watch(stack, booking, user.accessToken()),
                        HttpResponse.BodyHandlers.ofLines()));
            }
            for (var stream : open) {
                assertThat(stream.get().statusCode()).isEqualTo(200);
            }
            assertThat(Eventually.get(() -> metric(http, "gateway_sse_streams_open"), n -> n == perUser))
                    .isEqualTo(perUser);

            HttpResponse<String> refused = client.send(watch(stack, booking, user.accessToken()),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).contains("30");
            assertThat(refused.body()).contains("RATE_LIMITED", "open streams per user");
            assertThat(metric(http, "gateway_sse_streams_open")).isEqualTo(perUser);

            var others = client.sendAsync(watch(stack, book(http, other), other.accessToken()),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(others.get().statusCode()).as("another user's stream").isEqualTo(200);

            open.getFirst().get().body().close(); // the client leaves one of its streams
            HttpResponse<java.util.stream.Stream<String>> again = Eventually.get(() -> {
                try {
                    HttpResponse<java.util.stream.Stream<String>> answer = client.send(
                            watch(stack, booking, user.accessToken()), HttpResponse.BodyHandlers.ofLines());
                    if (answer.statusCode() != 200) {
                        answer.body().close();
                    }
                    return answer;
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, answer -> answer.statusCode() == 200);
            assertThat(again.statusCode()).as("a slot of the user's came back").isEqualTo(200);
        }
    }

    private static String book(Http http, Users.LoggedIn user) {
        Http.Answer booked = http.post("/api/v1/bookings", user.accessToken(), "{\"eventId\":\"evt-001\",\"quantity\":1}");
        assertThat(booked.status()).as(booked.body()).isEqualTo(202);
        return booked.json().get("bookingId").asString();
    }

    private static HttpRequest watch(Stack stack, String bookingId, String token) {
        return stack.http.request("/api/v1/bookings/" + bookingId + "/stream")
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30)).GET().build();
    }

    /** The value of a Prometheus sample by name (the sum over its series). */
    static long metric(Http http, String name) {
        String text = http.get("/metrics", null).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(sum);
    }
}
