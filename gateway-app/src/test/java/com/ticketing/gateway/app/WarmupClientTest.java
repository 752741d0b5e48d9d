package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The warm-up's HTTP/1.1 client against a real HTTP server on a real port. */
class WarmupClientTest {

    private HttpServer server;
    private ExecutorService threads;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        threads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(threads);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        threads.close();
    }

    /** /fixed/N: N bytes with Content-Length; /chunked/N: N bytes chunked; /empty: 204; /close: closes after. */
    private void answer(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/");
        seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                + exchange.getRequestHeaders().getFirst("Authorization") + " " + exchange.getRemoteAddress().getPort());
        byte[] body = path.length > 2 ? "x".repeat(Integer.parseInt(path[2])).getBytes(StandardCharsets.US_ASCII) : new byte[0];
        switch (path[1]) {
            case "fixed" -> exchange.sendResponseHeaders(200, body.length);
            case "chunked" -> exchange.sendResponseHeaders(201, 0);
            case "close" -> {
                exchange.getResponseHeaders().set("Connection", "close");
                exchange.sendResponseHeaders(503, body.length);
            }
            default -> exchange.sendResponseHeaders(204, -1);
        }
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getAddress().getPort());
    }

    @Test
    void readsEachAnswerWholeOnOneConnection() throws IOException {
        try (WarmupClient client = new WarmupClient(address())) {
            assertThat(client.send(WarmupClient.get("/fixed/100000", null))).isEqualTo(200);
            assertThat(client.send(WarmupClient.get("/chunked/70000", "Bearer t"))).isEqualTo(201);
            assertThat(client.send(WarmupClient.get("/empty", null))).isEqualTo(204);
            assertThat(client.send(WarmupClient.get("/fixed/0", null))).isEqualTo(200);
            assertThat(client.send(WarmupClient.get("/fixed/3", null))).isEqualTo(200);
        }
        assertThat(seen).extracting(line -> line.substring(0, line.lastIndexOf(' '))).containsExactly(
                "GET /fixed/100000 null", "GET /chunked/70000 Bearer t", "GET /empty null", "GET /fixed/0 null",
                "GET /fixed/3 null");
        assertThat(seen).extracting(line -> line.substring(line.lastIndexOf(' '))).as("one connection").containsOnly(
                seen.get(0).substring(seen.get(0).lastIndexOf(' ')));
    }

    @Test
    void reconnectsAfterTheServerSaysItCloses() throws IOException {
        try (WarmupClient client = new WarmupClient(address())) {
            assertThat(client.send(WarmupClient.get("/close/5", null))).isEqualTo(503);
            assertThat(client.send(WarmupClient.get("/fixed/5", null))).isEqualTo(200);
        }
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).substring(seen.get(0).lastIndexOf(' ')))
                .as("a second connection").isNotEqualTo(seen.get(1).substring(seen.get(1).lastIndexOf(' ')));
    }

    @Test
    void aRefusedConnectionThrowsEveryTimeRatherThanHanging() throws IOException {
        int closedPort;
        try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = unused.getLocalPort();
        }
        try (WarmupClient client = new WarmupClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort))) {
            assertThatThrownBy(() -> client.send(WarmupClient.get("/fixed/1", null))).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> client.send(WarmupClient.get("/fixed/1", null))).isInstanceOf(IOException.class);
        }
        assertThat(seen).isEmpty();
    }

    /** Interim answers are skipped; a body without a length ends with the connection; a cut body fails. */
    @Test
    void readsWhatOtherServersMaySend() throws Exception {
        List<String> answers = List.of(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end",
                "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\ncut");
        try (ServerSocket raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> {
                for (String answer : answers) {
                    try (Socket connection = raw.accept()) {
                        connection.getInputStream().read(new byte[4096]);
                        connection.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            try (WarmupClient client = new WarmupClient(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    raw.getLocalPort()))) {
                assertThat(client.send(WarmupClient.get("/a", null))).as("the final answer after 100").isEqualTo(200);
                assertThatThrownBy(() -> client.send(WarmupClient.get("/b", null)))
                        .as("the server closed that connection without saying so").isInstanceOf(IOException.class);
                assertThat(client.send(WarmupClient.get("/c", null))).as("a new connection; a body up to its end")
                        .isEqualTo(200);
                assertThatThrownBy(() -> client.send(WarmupClient.get("/d", null))).as("7 of 10 bytes, then the end")
                        .isInstanceOf(IOException.class);
            }
            server.join(5_000);
        }
    }

    @Test
    void aRequestIsAGetWithTheGivenAuthorization() {
        assertThat(new String(WarmupClient.get("/api/v1/events", "Bearer abc"), StandardCharsets.US_ASCII))
                .isEqualTo("GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer abc\r\n\r\n");
        assertThat(new String(WarmupClient.get("/x", null), StandardCharsets.US_ASCII))
                .isEqualTo("GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n");
    }
}
