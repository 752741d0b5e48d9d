package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EdgeFilterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> passThreads = new CopyOnWriteArrayList<>();
    private final ThreadFactory threads = task -> {
        Thread thread = Thread.ofVirtual().unstarted(task);
        passThreads.add(thread);
        return thread;
    };

    @Test
    void passesEveryStepInOrderThenTheServletInOnePassWithoutMarkerAttributes() throws Exception {
        EdgeFilter edge = new EdgeFilter(List.of(step("a"), step("b"), step("c")), List.of(step("e")));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/events");

        edge.doFilter(request, new MockHttpServletResponse(), (req, res) -> ran.add("servlet"));

        assertThat(ran).containsExactly("a", "b", "c", "servlet");
        assertThat(request.getAttributeNames().hasMoreElements()).isFalse();
    }

    @Test
    void aStepThatAnswersStopsThePass() throws Exception {
        EdgeStep refusing = new EdgeStep() {
            @Override
            public void apply(HttpServletRequest request, HttpServletResponse response, FilterChain next) {
                ran.add("refused");
                response.setStatus(503);
            }
        };
        EdgeFilter edge = new EdgeFilter(List.of(step("a"), refusing, step("c")), List.of());
        MockHttpServletResponse response = new MockHttpServletResponse();

        edge.doFilter(new MockHttpServletRequest("GET", "/api/v1/events"), response, (req, res) -> ran.add("servlet"));

        assertThat(ran).containsExactly("a", "refused");
        assertThat(response.getStatus()).isEqualTo(503);
    }

    @Test
    void theContainersErrorDispatchPassesOnlyTheErrorSteps() throws Exception {
        EdgeFilter edge = new EdgeFilter(List.of(step("a"), step("b")), List.of(step("b")));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setDispatcherType(DispatcherType.ERROR);

        edge.doFilter(request, new MockHttpServletResponse(), (req, res) -> ran.add("error page"));

        assertThat(ran).containsExactly("b", "error page");
    }

    private EdgeStep step(String name) {
        return new EdgeStep() {
            @Override
            public void apply(HttpServletRequest request, HttpServletResponse response, FilterChain next)
                    throws IOException, ServletException {
                ran.add(name);
                next.doFilter(request, response);
            }
        };
    }

    @Test
    void theDetachedServletsRequestsPassOnAThreadOfTheirOwnAndAreCompletedWhenThePassEnds() throws Exception {
        List<Thread> servedOn = new CopyOnWriteArrayList<>();
        HttpServlet api = servlet((request, response) -> {
            servedOn.add(Thread.currentThread());
            ran.add("api");
            response.setStatus(201);
            response.getWriter().write("created");
        });
        EdgeFilter edge = new EdgeFilter(List.of(step("a"), step("b")), List.of(),
                new EdgeFilter.Detached("/api", api, threads, new ProblemWriter(JSON)));
        MockHttpServletRequest request = apiRequest();
        MockHttpServletResponse response = new MockHttpServletResponse();

        edge.doFilter(request, response, (req, res) -> ran.add("container's chain"));
        awaitPasses();

        assertThat(ran).containsExactly("a", "b", "api");
        assertThat(servedOn).containsExactlyElementsOf(passThreads).doesNotContain(Thread.currentThread());
        assertThat(request.getAsyncContext()).isNotNull();
        assertThat(request.isAsyncStarted()).as("completed").isFalse();
        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(response.getContentAsString()).isEqualTo("created");
    }

    @Test
    void otherServletsAndTheErrorDispatchPassOnTheContainersThread() throws Exception {
        EdgeFilter edge = new EdgeFilter(List.of(step("a")), List.of(step("e")),
                new EdgeFilter.Detached("/api", servlet((request, response) -> ran.add("api")), threads,
                        new ProblemWriter(JSON)));
        MockHttpServletRequest health = new MockHttpServletRequest("GET", "/health");
        health.setAsyncSupported(true);
        MockHttpServletRequest error = apiRequest();
        error.setDispatcherType(DispatcherType.ERROR);

        edge.doFilter(health, new MockHttpServletResponse(), (req, res) -> ran.add("health"));
        edge.doFilter(error, new MockHttpServletResponse(), (req, res) -> ran.add("error page"));

        assertThat(ran).containsExactly("a", "health", "e", "error page");
        assertThat(passThreads).isEmpty();
        assertThat(health.isAsyncStarted()).isFalse();
    }

    @Test
    void aDetachedPassThatFailsIsAnswered500AsProblemJsonKeepingWhatTheStepsSetAndIsCompleted() throws Exception {
        EdgeStep marking = new EdgeStep() {
            @Override
            public void apply(HttpServletRequest request, HttpServletResponse response, FilterChain next)
                    throws IOException, ServletException {
                response.setHeader("X-Request-Id", "req-1");
                next.doFilter(request, response);
            }
        };
        HttpServlet failing = servlet((request, response) -> {
            response.getOutputStream().write("half an answer".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            throw new IllegalStateException("a bug");
        });
        EdgeFilter edge = new EdgeFilter(List.of(marking), List.of(),
                new EdgeFilter.Detached("/api", failing, threads, new ProblemWriter(JSON)));
        MockHttpServletRequest request = apiRequest();
        MockHttpServletResponse response = new MockHttpServletResponse();

        edge.doFilter(request, response, (req, res) -> ran.add("container's chain"));
        awaitPasses();

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentType()).isEqualTo(ProblemWriter.MEDIA_TYPE);
        JsonNode problem = JSON.readTree(response.getContentAsByteArray());
        assertThat(problem.get("status").asInt()).isEqualTo(500);
        assertThat(response.getContentAsString()).doesNotContain("a bug").doesNotContain("half an answer");
        assertThat(response.getHeader("X-Request-Id")).isEqualTo("req-1");
        assertThat(request.isAsyncStarted()).as("completed").isFalse();
        assertThat(ran).isEmpty();
    }

    @Test
    void aDetachedPassWhoseClientIsGoneIsCompletedWithoutAnAnswer() throws Exception {
        HttpServlet gone = servlet((request, response) -> {
            throw new IOException("Broken pipe");
        });
        EdgeFilter edge = new EdgeFilter(List.of(step("a")), List.of(),
                new EdgeFilter.Detached("/api", gone, threads, new ProblemWriter(JSON)));
        MockHttpServletRequest request = apiRequest();
        MockHttpServletResponse response = new MockHttpServletResponse();

        edge.doFilter(request, response, (req, res) -> ran.add("container's chain"));
        awaitPasses();

        assertThat(ran).containsExactly("a");
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentLength()).isZero();
        assertThat(request.isAsyncStarted()).as("completed").isFalse();
    }

    @Test
    void aRequestTheContainerHasEndedAlreadyEndsThePassWithoutAnUncaughtException() throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        ThreadFactory watched = task -> {
            Thread thread = threads.newThread(task);
            thread.setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
            return thread;
        };
        EdgeFilter edge = new EdgeFilter(List.of(step("a")), List.of(),
                new EdgeFilter.Detached("/api", servlet((request, response) -> ran.add("api")), watched,
                        new ProblemWriter(JSON)));
        MockHttpServletRequest request = apiRequest();
        HttpServletRequestWrapper endedByTheContainer = new HttpServletRequestWrapper(request) {
            @Override
            public AsyncContext startAsync() {
                AsyncContext async = super.startAsync();
                return (AsyncContext) Proxy.newProxyInstance(AsyncContext.class.getClassLoader(),
                        new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> {
                            if (method.getName().equals("complete")) {
                                throw new IllegalStateException(
                                        "Calling [asyncComplete()] is not valid for a request with Async state [ERROR]");
                            }
                            return method.invoke(async, args);
                        });
            }
        };

        edge.doFilter(endedByTheContainer, new MockHttpServletResponse(), (req, res) -> ran.add("container's chain"));
        awaitPasses();

        assertThat(ran).containsExactly("a", "api");
        assertThat(uncaught).isEmpty();
    }

    private static MockHttpServletRequest apiRequest() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/events");
        request.setServletPath("/api");
        request.setPathInfo("/v1/events");
        request.setAsyncSupported(true);
        return request;
    }

    private void awaitPasses() throws InterruptedException {
        assertThat(passThreads).hasSize(1);
        for (Thread thread : passThreads) {
            thread.join(5_000);
            assertThat(thread.isAlive()).isFalse();
        }
    }

    private interface Serving {
        void serve(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException;
    }

    private static HttpServlet servlet(Serving serving) {
        return new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response)
                    throws IOException, ServletException {
                serving.serve(request, response);
            }
        };
    }
}
