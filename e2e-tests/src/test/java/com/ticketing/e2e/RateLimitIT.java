package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rate limits of one gateway instance with the in-memory store. */
class RateLimitIT {

    static final int LOGIN_LIMIT = 5;
    private static Stack stack;
    private static Http http;

    @BeforeAll
    static void start() {
        stack = Stack.start(Map.of("RATE_LIMIT_LOGIN_MAX_REQUESTS", String.valueOf(LOGIN_LIMIT),
                "RATE_LIMIT_MAX_REQUESTS", "1000"));
        http = stack.http;
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static Http.Answer badLogin(Http http, String... headers) {
        HttpRequest.Builder b = http.request("/api/v1/auth/login").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Users.loginBody("nobody@example.com", "wrong-password-1")));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build());
    }

    /** Sends {@code total} requests from {@code threads} threads at once; returns every answer. */
    static List<Http.Answer> concurrently(int total, int threads, Callable<Http.Answer> request) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Http.Answer>> futures = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                futures.add(pool.submit(request));
            }
            List<Http.Answer> answers = new ArrayList<>();
            for (Future<Http.Answer> f : futures) {
                answers.add(f.get());
            }
            return answers;
        }
    }

    @Test
    void ofManyConcurrentLoginsExactlyTheLimitPassAndTheRestGet429() throws Exception {
        List<Http.Answer> answers = concurrently(40, 16, () -> badLogin(http, "X-Forwarded-For", "198.51.100.77"));

        long passed = answers.stream().filter(a -> a.status() == 401).count();
        List<Http.Answer> limited = answers.stream().filter(a -> a.status() == 429).toList();
        assertThat(passed).isEqualTo(LOGIN_LIMIT);
        assertThat(limited).hasSize(40 - LOGIN_LIMIT);
        Http.Answer one = limited.get(0);
        assertThat(one.contentType()).startsWith("application/problem+json");
        assertThat(one.json().get("code").asString()).isEqualTo("RATE_LIMITED");
        assertThat(one.json().get("detail").asString()).contains("login");
        assertThat(Long.parseLong(one.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(one.header("RateLimit-Limit")).isEqualTo(String.valueOf(LOGIN_LIMIT));
        assertThat(one.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(one.header("RateLimit-Reset"))).isBetween(1L, 60L);

        // The forwarded address came from an untrusted peer: rotating it changes nothing.
        Http.Answer spoofed = badLogin(http, "X-Forwarded-For", "203.0.113.99");
        assertThat(spoofed.status()).isEqualTo(429);
        Http.Answer forwarded = badLogin(http, "Forwarded", "for=192.0.2.60");
        assertThat(forwarded.status()).isEqualTo(429);
        assertThat(http.get("/metrics", null).body()).contains(
                "gateway_rate_limit_decisions_total{application=\"ticketing-gateway\",limit=\"login\",outcome=\"rejected\"} 37.0");
    }

    @Test
    void refreshIsAPublicRouteSoFailedLoginsFromItsAddressDoNotStopIt() {
        try (Stack own = Stack.start(Map.of("RATE_LIMIT_LOGIN_MAX_REQUESTS", "3", "RATE_LIMIT_MAX_REQUESTS", "1000"))) {
            Users.LoggedIn user = Users.newUser(own.http);
            Http.Answer last = null;
            for (int i = 0; i < 5 && (last == null || last.status() != 429); i++) {
                last = badLogin(own.http);
            }
            assertThat(last.status()).as("the login limit of this address is spent").isEqualTo(429);

            Http.Answer refreshed = own.http.post("/api/v1/auth/refresh", null,
                    "{\"refreshToken\":\"" + user.refreshToken() + "\"}");
            assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
            assertThat(refreshed.header("RateLimit-Limit")).as("the public limit").isEqualTo("1000");
        }
    }

    @Test
    void everyLimitedResponseCarriesTheHeaders() {
        Http.Answer events = http.get("/api/v1/events", null);

        assertThat(events.status()).isEqualTo(200);
        assertThat(events.header("RateLimit-Limit")).isEqualTo("1000");
        assertThat(Long.parseLong(events.header("RateLimit-Remaining"))).isBetween(0L, 999L);
        assertThat(events.header("RateLimit-Reset")).isNotNull();
    }
}
