package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.ticketing.stub.StubService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import com.ticketing.gateway.domain.route.RouteTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The gateway from a real browser: headless Chromium loads a page from another origin (allowed
 * by {@code CORS_ALLOWED_ORIGINS}) that runs the booking journey with {@code fetch}, follows the
 * booking with the browser's own {@code EventSource} and a stream ticket, and reads the problems
 * and their headers; and the gateway's own {@code /docs} page, whose "Try it out" calls the
 * gateway. Every assertion is on what the page's script could read, so a missing CORS header
 * shows as a null here.
 */
class BrowserIT {

    private static final int MAX_BODY_BYTES = 4096;
    private static final int MAX_IN_FLIGHT = 3;

    @TempDir
    static Path userData;
    private static HttpServer pages;
    private static String pageOrigin;
    private static Stack stack;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        pages = HttpServer.create(new InetSocketAddress(0), 0);
        pages.createContext("/", exchange -> {
            byte[] page = resource("browser/page.html");
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        pages.start();
        pageOrigin = "http://localhost:" + pages.getAddress().getPort();
        stack = Stack.start(Map.of("CORS_ALLOWED_ORIGINS", pageOrigin, "MAX_BODY_BYTES", String.valueOf(MAX_BODY_BYTES),
                "RATE_LIMIT_LOGIN_MAX_REQUESTS", "5", "MAX_IN_FLIGHT_REQUESTS", String.valueOf(MAX_IN_FLIGHT)));
        browser = Chromium.start(userData);
    }

    /** Every test starts on the web app's page, on its own origin. */
    @BeforeEach
    void openTheWebAppsPage() {
        browser.get(pageOrigin + "/");
        browser.executeScript("window.api = arguments[0];", gatewayBase());
    }

    private static String gatewayBase() {
        return "http://localhost:" + gatewayPort() + "/";
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
            if (pages != null) {
                pages.stop(0);
            }
        }
    }

    private static int gatewayPort() {
        return Integer.parseInt(stack.gateway.getEnvironment().getProperty("local.server.port"));
    }

    private static byte[] resource(String name) {
        try (InputStream in = BrowserIT.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code call} (an expression giving a promise) in the page; answers what it resolved to. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> inPage(String call) {
        Object result = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + call + ".then(done, e => done({ failed: String(e && e.stack || e) }));");
        assertThat(result).isInstanceOf(Map.class);
        Map<String, Object> answer = (Map<String, Object>) result;
        assertThat(answer).as("the page's script failed").doesNotContainKey("failed");
        return answer;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void aPageOnAnotherOriginBooksWithFetchAndFollowsTheBookingWithEventSource() {
        Map<String, Object> journey = inPage("journey()");

        assertThat(journey).containsEntry("register", 201L).containsEntry("login", 200L).containsEntry("events", 200L)
                .containsEntry("notModified", 304L).containsEntry("created", 202L).containsEntry("paid", 201L)
                .containsEntry("tickets", 1L).containsEntry("requestId", "browser-journey-1");
        assertThat((String) journey.get("etag")).as("ETag is exposed").isNotBlank();
        assertThat((String) journey.get("rateLimitRemaining")).as("RateLimit-Remaining is exposed").isNotBlank();
        assertThat((String) journey.get("location")).as("Location is exposed, relative").startsWith("/api/v1/bookings/");
        assertThat((String) map(journey.get("booking")).get("status")).isIn("QUEUED", "RESERVED");
        assertThat(map(journey.get("ticket"))).containsEntry("status", 201L).containsEntry("expiresIn", 60L);

        List<Map<String, Object>> reserved = (List<Map<String, Object>>) journey.get("untilReserved");
        assertThat(reserved).as("onmessage fired for each state, up to RESERVED").isNotEmpty()
                .allSatisfy(event -> assertThat(event).containsEntry("type", "message")
                        .containsKey("id").doesNotContainKey("problem"));
        assertThat(reserved.getLast()).containsEntry("status", "RESERVED");
        assertThat(reserved.stream().map(e -> Long.parseLong((String) e.get("id"))).toList()).isSorted();

        List<Map<String, Object>> afterPayment = (List<Map<String, Object>>) journey.get("afterPayment");
        assertThat(afterPayment).as("the final state once, then EventSource stops on the 204")
                .containsExactly(Map.of("status", "CONFIRMED", "id", "3000000000", "type", "message"),
                        Map.of("closed", true));
    }

    @Test
    void thePageReadsTheProblemsAndTheirHeaders() {
        Map<String, Object> problems = inPage("problems(" + MAX_BODY_BYTES + ")");

        Map<String, Object> unauthenticated = map(problems.get("unauthenticated"));
        assertProblem(unauthenticated, 401, "UNAUTHENTICATED");
        assertThat(map(unauthenticated.get("headers"))).containsEntry("www-authenticate", "Bearer");
        assertProblem(map(problems.get("tooLarge")), 413, "PAYLOAD_TOO_LARGE");
        assertProblem(map(problems.get("notJson")), 415, "UNSUPPORTED_MEDIA_TYPE");
        Map<String, Object> limited = map(problems.get("rateLimited"));
        assertProblem(limited, 429, "RATE_LIMITED");
        assertThat(map(limited.get("headers"))).containsEntry("ratelimit-remaining", "0")
                .containsKeys("retry-after", "ratelimit-limit", "ratelimit-reset");
        assertThat((String) map(limited.get("headers")).get("retry-after")).isNotBlank();
    }

    @Test
    void thePageReadsTheInFlightCaps503() throws Exception {
        for (int instance = 0; instance < stack.stubs.config().instancesPerService(); instance++) {
            stack.stubs.setLatency(StubService.TICKET, instance, Duration.ofMillis(2000));
        }
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Http.Answer>> slow = new ArrayList<>();
            for (int i = 0; i < MAX_IN_FLIGHT; i++) {
                slow.add(CompletableFuture.supplyAsync(() -> stack.http.get("/api/v1/events/evt-001/availability", null),
                        clients));
            }
            Eventually.get(() -> ConnectionLimitsIT.metric(stack.http, "gateway_http_requests_in_flight"),
                    n -> n == MAX_IN_FLIGHT);

            Map<String, Object> shed = inPage("call('GET', '/api/v1/events/evt-002')");

            assertProblem(shed, 503, "SERVICE_UNAVAILABLE");
            assertThat(map(shed.get("headers"))).containsEntry("retry-after", "1");
            slow.forEach(CompletableFuture::join);
        } finally {
            for (int instance = 0; instance < stack.stubs.config().instancesPerService(); instance++) {
                stack.stubs.setLatency(StubService.TICKET, instance, Duration.ZERO);
            }
        }
    }

    @Test
    void theDocsPageLoadsTheGeneratedDescriptionAndTryItOutAnswers200() {
        browser.get(gatewayBase() + "docs/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        WebElement eventsList = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.id("operations-events-eventsList")));
        assertThat(browser.findElements(By.cssSelector(".opblock"))).as("one block per route and per operations endpoint"
                + " (/health, /health/detailed, /metrics, the description itself)")
                .hasSize(stack.gateway.getBean(RouteTable.class).routes().size() + 4);
        eventsList.findElement(By.cssSelector(".opblock-summary")).click();
        // The block's body renders after the click: wait for each button to exist, then to be clickable.
        clickWhenReady(wait, eventsList, ".try-out__btn");
        clickWhenReady(wait, eventsList, ".execute");

        WebElement status = wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(eventsList,
                By.cssSelector(".live-responses-table tr.response .response-col_status")));
        assertThat(status.getText().trim()).isEqualTo("200");
    }

    private static void clickWhenReady(WebDriverWait wait, WebElement parent, String selector) {
        WebElement button = wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(parent,
                By.cssSelector(selector)));
        wait.until(ExpectedConditions.elementToBeClickable(button)).click();
    }

    private static void assertProblem(Map<String, Object> answer, long status, String code) {
        assertThat(answer).as("answer").containsEntry("status", status);
        Map<String, Object> headers = map(answer.get("headers"));
        assertThat((String) headers.get("content-type")).startsWith("application/problem+json");
        assertThat((String) headers.get("x-request-id")).as("X-Request-Id is exposed").isNotBlank();
        assertThat(map(answer.get("json"))).as("the problem body is readable").containsEntry("code", code)
                .containsEntry("status", status);
    }
}
