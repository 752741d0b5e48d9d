package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link PollerReads} under {@link StrictHttp11Protocol} on a real Tomcat and real sockets: the
 * poller reads a request itself, {@link EdgeFilter} takes the API's requests off it to a thread of
 * their own and every other request through an asynchronous dispatch, and a write the poller makes
 * to a client that takes no byte fails instead of waiting.
 */
class PollerReadsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What each part saw: "where dispatch" lines, in order. */
    private static final Queue<String> SEEN = new ConcurrentLinkedQueue<>();

    private static Tomcat tomcat;
    private static URI base;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start(@TempDir java.nio.file.Path dir) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(dir.toString());
        Connector strict = new Connector(StrictHttp11Protocol.class.getName());
        strict.setPort(0);
        strict.setProperty("address", "127.0.0.1");
        tomcat.setConnector(strict);
        Context context = tomcat.addContext("", dir.toString());

        HttpServlet api = new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                SEEN.add("api " + where() + " " + request.getDispatcherType());
                answer(response, "api");
            }
        };
        Tomcat.addServlet(context, "api", api).setAsyncSupported(true);
        context.addServletMappingDecoded("/api/*", "api");
        Tomcat.addServlet(context, "other", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                SEEN.add("other " + where() + " " + request.getDispatcherType());
                answer(response, "other");
            }
        }).setAsyncSupported(true);
        context.addServletMappingDecoded("/", "other");

        Filter recording = (request, response, chain) -> {
            SEEN.add("container " + where() + " " + request.getDispatcherType());
            chain.doFilter(request, response);
        };
        EdgeStep step = new EdgeStep() {
            @Override
            public void apply(HttpServletRequest request, HttpServletResponse response, FilterChain next)
                    throws IOException, ServletException {
                SEEN.add("step " + where() + " " + request.getDispatcherType());
                next.doFilter(request, response);
            }
        };
        EdgeFilter edge = new EdgeFilter(List.of(step), List.of(),
                new EdgeFilter.Detached("/api", api, Thread.ofVirtual().name("api-", 0).factory(), new ProblemWriter(JSON)));
        addFilter(context, "recording", recording);
        addFilter(context, "edge", edge);
        tomcat.start();
        base = URI.create("http://127.0.0.1:" + strict.getLocalPort());
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    @BeforeEach
    void forget() {
        SEEN.clear();
    }

    @Test
    void anApiRequestIsReadOnThePollerAndPassesOnAThreadOfItsOwn() throws Exception {
        HttpResponse<String> response = get("/api/events");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("api");
        assertThat(List.copyOf(SEEN)).containsExactly(
                "container poller REQUEST", "step api-thread REQUEST", "api api-thread REQUEST");
    }

    @Test
    void anyOtherRequestLeavesThePollerForAnAsynchronousDispatchOnTheExecutor() throws Exception {
        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("other");
        assertThat(List.copyOf(SEEN)).containsExactly(
                "container poller REQUEST", "container executor ASYNC", "step executor ASYNC", "other executor ASYNC");
    }

    @Test
    void oneKeepAliveConnectionServesBothKindsInTurn() throws Exception {
        for (int i = 0; i < 20; i++) {
            String path = i % 2 == 0 ? "/api/x" + i : "/other" + i;
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).isEqualTo(i % 2 == 0 ? "api" : "other");
        }
        assertThat(SEEN).as("no servlet ran on the poller").noneMatch(line -> !line.startsWith("container")
                && line.contains(" poller "));
    }

    @Test
    void aWriteOnThePollerThatTheClientDoesNotTakeFailsInsteadOfWaiting() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel client = SocketChannel.open()) {
            client.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            client.connect(server.getLocalAddress());
            SocketChannel accepted = server.accept();
            accepted.configureBlocking(false);
            accepted.setOption(StandardSocketOptions.SO_SNDBUF, 4096);
            PollerReads.PollerSafeChannel channel = new PollerReads.PollerSafeChannel(
                    new SocketBufferHandler(1024, 1024, false));
            channel.reset(accepted, null);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long sent = 0;
            for (int written = 1; written > 0; ) { // the client reads nothing: the connection fills up
                chunk.clear();
                written = channel.write(chunk);
                sent += written;
            }
            assertThat(sent).as("bytes the connection took before it was full").isPositive();
            chunk.clear();
            assertThat(channel.write(chunk)).as("off the poller a full connection takes nothing, as in Tomcat").isZero();

            AtomicBoolean failed = new AtomicBoolean();
            PollerReads.pass(() -> {
                ByteBuffer answer = ByteBuffer.wrap("HTTP/1.1 200 \r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThatThrownBy(() -> channel.write(answer)).isInstanceOf(IOException.class)
                        .hasMessageContaining("does not read");
                assertThatThrownBy(() -> channel.write(new ByteBuffer[] {answer}, 0, 1)).isInstanceOf(IOException.class);
                failed.set(true);
                return true;
            });
            assertThat(failed).isTrue();
            chunk.clear();
            assertThat(channel.write(chunk)).as("after the pass the channel is as before").isZero();
        }
    }

    @Test
    void whatIsLeftForAfterThePassRunsOnceThePassHasEnded() {
        List<String> order = new ArrayList<>();
        PollerReads.pass(() -> {
            assertThat(PollerReads.servingOnPoller()).isTrue();
            PollerReads.afterPass(() -> order.add("after"));
            PollerReads.afterPass(() -> {
                throw new IllegalStateException("a request already ended");
            });
            PollerReads.afterPass(() -> order.add("after a failure"));
            order.add("pass");
            return true;
        });
        assertThat(order).containsExactly("pass", "after", "after a failure");
        assertThat(PollerReads.servingOnPoller()).isFalse();
        assertThatThrownBy(() -> PollerReads.afterPass(() -> { })).isInstanceOf(IllegalStateException.class);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void answer(HttpServletResponse response, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        response.setContentType("text/plain");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The kind of thread the caller is on. */
    private static String where() {
        Thread current = Thread.currentThread();
        if (current.getName().endsWith("-Poller")) {
            return "poller";
        }
        return current.isVirtual() && current.getName().startsWith("api-") ? "api-thread" : "executor";
    }

    private static void addFilter(Context context, String name, Filter filter) {
        FilterDef def = new FilterDef();
        def.setFilterName(name);
        def.setFilter(filter);
        def.setAsyncSupported("true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(name);
        map.addURLPattern("/*");
        map.setDispatcher(DispatcherType.REQUEST.name());
        map.setDispatcher(DispatcherType.ASYNC.name());
        map.setDispatcher(DispatcherType.ERROR.name());
        context.addFilterMap(map);
    }
}
