package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector's share of connections per client address, on a real Tomcat and real sockets from
 * loopback addresses of their own (127.0.0.2 and on): connections that send nothing hold the share,
 * the next one is closed as it is accepted, another address is served, and a closed connection
 * gives its place back, whoever closes it.
 */
class StrictNioEndpointTest {

    private static final int SHARE = 3;
    private static final AtomicInteger REFUSED = new AtomicInteger();
    private static Tomcat tomcat;
    private static int port;

    @BeforeAll
    static void start(@TempDir Path base) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector(StrictHttp11Protocol.class.getName());
        connector.setPort(0);
        connector.setProperty("connectionTimeout", "3000");
        ((StrictHttp11Protocol) connector.getProtocolHandler()).limitConnections(new PeerConnections(SHARE,
                new TrustedProxies(List.of("127.0.0.9/32")), REFUSED::incrementAndGet, System::nanoTime));
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "ok", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setContentType("text/plain");
                response.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
            }
        });
        context.addServletMappingDecoded("/*", "ok");
        tomcat.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    @Test
    void silentConnectionsHoldOnlyTheirAddresssShareAndAClosedOneGivesItsPlaceBack() throws Exception {
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < SHARE; i++) {
                silent.add(connect("127.0.0.2"));
            }
            int refusedBefore = REFUSED.get();
            try (Socket beyond = connect("127.0.0.2")) {
                assertThat(closedByServer(beyond, 1_000)).as("closed as it is accepted, long before the idle cut")
                        .isTrue();
            }
            assertThat(REFUSED.get()).isEqualTo(refusedBefore + 1);
            try (Socket other = connect("127.0.0.3")) {
                assertThat(exchange(other)).as("another address").startsWith("HTTP/1.1 200");
            }
            assertThat(exchange(silent.get(0))).as("a held connection is served").startsWith("HTTP/1.1 200");

            silent.remove(0).close();
            try (Socket again = eventuallyServed("127.0.0.2")) {
                assertThat(again).isNotNull();
            }
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
        }
    }

    @Test
    void connectionsTheServerClosesForIdlingGiveTheirPlacesBack() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < SHARE; i++) {
                idle.add(connect("127.0.0.4"));
            }
            for (Socket socket : idle) {
                assertThat(closedByServer(socket, 8_000)).as("cut after connectionTimeout").isTrue();
            }
            List<Socket> next = new ArrayList<>();
            try {
                for (int i = 0; i < SHARE; i++) {
                    Socket socket = connect("127.0.0.4");
                    next.add(socket);
                    assertThat(exchange(socket)).as("connection %d after the cut", i).startsWith("HTTP/1.1 200");
                }
            } finally {
                for (Socket socket : next) {
                    socket.close();
                }
            }
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    void aTrustedProxysConnectionsAreNotCounted() throws Exception {
        List<Socket> proxied = new ArrayList<>();
        try {
            for (int i = 0; i < SHARE * 3; i++) {
                Socket socket = connect("127.0.0.9");
                proxied.add(socket);
                assertThat(exchange(socket)).as("proxy connection %d", i).startsWith("HTTP/1.1 200");
            }
        } finally {
            for (Socket socket : proxied) {
                socket.close();
            }
        }
    }

    private static Socket connect(String from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        return socket;
    }

    /** A connection the server keeps: retried while closed ones are still being given back. */
    private static Socket eventuallyServed(String from) throws Exception {
        long until = System.nanoTime() + 5_000_000_000L;
        while (true) {
            Socket socket = connect(from);
            try {
                if (exchange(socket).startsWith("HTTP/1.1 200")) {
                    return socket;
                }
            } catch (IOException e) {
                // closed as accepted: the close has not reached the server yet
            }
            socket.close();
            if (System.nanoTime() > until) {
                throw new AssertionError("no connection from " + from + " served within 5 s");
            }
            Thread.sleep(50);
        }
    }

    private static String exchange(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] buffer = new byte[512];
        int n = socket.getInputStream().read(buffer);
        if (n < 0) {
            throw new IOException("closed");
        }
        return new String(buffer, 0, n, StandardCharsets.US_ASCII);
    }

    private static boolean closedByServer(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        InputStream in = socket.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true; // reset
        } catch (SocketTimeoutException e) {
            return false;
        }
    }
}
