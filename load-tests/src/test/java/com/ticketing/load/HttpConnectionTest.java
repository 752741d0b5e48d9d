package com.ticketing.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {

    /** A scripted HTTP/1.1 server: answers each request on a connection with the next canned answer. */
    private static ServerSocket serve(List<String> answers, AtomicInteger accepted) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AtomicInteger next = new AtomicInteger();
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    accepted.incrementAndGet();
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                                    StandardCharsets.ISO_8859_1));
                            OutputStream out = socket.getOutputStream();
                            while (true) {
                                String line = in.readLine();
                                if (line == null) {
                                    return;
                                }
                                while (!(line = in.readLine()).isEmpty()) {
                                    // skip headers
                                }
                                String answer = answers.get(next.getAndIncrement() % answers.size());
                                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                                out.flush();
                                if (answer.contains("Connection: close")) {
                                    return;
                                }
                            }
                        } catch (Exception ignored) {
                            // connection gone
                        }
                    });
                } catch (Exception e) {
                    return;
                }
            }
        });
        return server;
    }

    @Test
    void readsLengthAndChunkedBodiesOnOneKeptAliveConnection() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket server = serve(List.of(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}",
                "HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n",
                "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"), accepted);
             HttpConnection c = new HttpConnection("127.0.0.1", server.getLocalPort(), 2000)) {
            byte[] get = HttpConnection.get("localhost", "/x");
            assertThat(c.exchange(get)).isEqualTo(200);
            assertThat(c.exchange(get)).isEqualTo(202);
            assertThat(c.exchange(get)).isEqualTo(404);
            assertThat(c.exchange(get)).isEqualTo(200);
            assertThat(c.connects()).isEqualTo(1);
            assertThat(accepted.get()).isEqualTo(1);
        }
    }

    @Test
    void reconnectsAfterConnectionClose() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket server = serve(List.of(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"), accepted);
             HttpConnection c = new HttpConnection("127.0.0.1", server.getLocalPort(), 2000)) {
            byte[] get = HttpConnection.get("localhost", "/x");
            assertThat(c.exchange(get)).isEqualTo(200);
            assertThat(c.isOpen()).isFalse();
            assertThat(c.exchange(get)).isEqualTo(200);
            assertThat(c.connects()).isEqualTo(2);
        }
    }

    @Test
    void buildsRequestsWithLengthAndHeaders() {
        String request = new String(HttpConnection.request("POST", "h:1", "/api", "{\"a\":\"é\"}",
                "Authorization: Bearer t"), StandardCharsets.UTF_8);
        assertThat(request).startsWith("POST /api HTTP/1.1\r\nHost: h:1\r\n")
                .contains("Authorization: Bearer t\r\n")
                .contains("Content-Length: 10\r\n")
                .endsWith("\r\n\r\n{\"a\":\"é\"}");
    }

    @Test
    void parsesProcStatAndPrometheusText() {
        String stat = "1234 (java (x) y) S 1 2 3 4 5 6 7 8 9 10 111 222 0 0 20 0";
        assertThat(CpuMeter.parseStatTicks(stat)).isEqualTo(333);
        String metrics = """
                # HELP jvm_memory_used_bytes The amount of used memory
                jvm_memory_used_bytes{application="g",area="heap",id="G1 Eden Space"} 1048576.0
                jvm_memory_used_bytes{application="g",area="heap",id="G1 Old Gen"} 2097152.0
                jvm_memory_used_bytes{application="g",area="nonheap",id="Metaspace"} 5.0E7
                """;
        assertThat(GatewayMetrics.sum(metrics, "jvm_memory_used_bytes", "heap")).isEqualTo(3145728.0);
        assertThat(GatewayProcess.kbField("VmRSS:\t  204800 kB\nVmHWM:\t 300000 kB\n", "VmRSS")).isEqualTo(200.0);
    }
}
