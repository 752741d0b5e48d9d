package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Token abuse against one gateway (in-memory store): a token naming another user's session, and
 * floods of refused tokens. The test client is a trusted proxy, so each test keys its own client
 * address with {@code X-Forwarded-For}.
 */
class AuthenticationAbuseIT {

    private static final int PUBLIC_LIMIT = 25;
    private static final String PROFILE = "/api/v1/user/profile";

    private static LogCapture logs;
    private static Stack stack;
    private static Http http;

    @BeforeAll
    static void start() {
        logs = new LogCapture();
        stack = Stack.start(Map.of("RATE_LIMIT_MAX_REQUESTS", String.valueOf(PUBLIC_LIMIT),
                "TRUSTED_PROXIES", "127.0.0.1/32"));
        logs.attach();
        http = stack.http;
    }

    @AfterAll
    static void stop() {
        try {
            stack.close();
        } finally {
            logs.close();
        }
    }

    @Test
    void aTokenNamingAnotherUsersLiveSessionIsRefusedEveryTimeAndLogged() {
        Users.LoggedIn alice = Users.newUser(http);
        Users.LoggedIn bob = Users.newUser(http);
        ObjectNode claims = ForgedTokens.claimsOf(alice.accessToken());
        String forged = ForgedTokens.hs256(ForgedTokens.header("HS256"), ForgedTokens.with(claims, "sub", bob.userId()),
                stack.accessSecret);

        // Twice: the second answer comes through the verified-token cache.
        for (int attempt = 1; attempt <= 2; attempt++) {
            Http.Answer refused = http.get(PROFILE, forged, "X-Forwarded-For", "198.51.100.1");
            assertThat(refused.status()).as("attempt %d", attempt).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("code").asString()).isEqualTo("UNAUTHENTICATED");
            assertThat(refused.body()).doesNotContain(bob.email()).doesNotContain(alice.email());
        }
        assertThat(http.get(PROFILE, alice.accessToken()).json().get("email").asString()).isEqualTo(alice.email());
        assertThat(http.get(PROFILE, bob.accessToken()).json().get("email").asString()).isEqualTo(bob.email());
        assertThat(logs.lines()).filteredOn(line -> line.contains("event=SESSION_REVOKED")
                        && line.contains("reason=session_not_active") && line.contains("clientIp=198.51.100.1"))
                .hasSize(2);
    }

    @Test
    void refusedTokensSpendTheAddressPublicLimitThenAre429() {
        String address = "198.51.100.2";
        List<String> tokens = List.of("garbage", "a.b.c", "");
        for (int i = 0; i < PUBLIC_LIMIT; i++) {
            String token = tokens.get(i % tokens.size());
            Http.Answer refused = token.isEmpty() ? http.get(PROFILE, null, "X-Forwarded-For", address)
                    : http.get(PROFILE, token, "X-Forwarded-For", address);
            assertThat(refused.status()).as("request %d", i + 1).isEqualTo(401);
            assertThat(refused.header("RateLimit-Limit")).isEqualTo(String.valueOf(PUBLIC_LIMIT));
            assertThat(refused.header("RateLimit-Remaining")).isEqualTo(String.valueOf(PUBLIC_LIMIT - i - 1));
        }

        Http.Answer limited = http.get(PROFILE, "garbage", "X-Forwarded-For", address);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().get("code").asString()).isEqualTo("RATE_LIMITED");
        assertThat(limited.json().get("detail").asString()).contains("public");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(http.get("/api/v1/events", null, "X-Forwarded-For", address).status())
                .as("the same address's public traffic shares the spent limit").isEqualTo(429);
        assertThat(http.get(PROFILE, "garbage", "X-Forwarded-For", "198.51.100.3").status())
                .as("another address is not held back").isEqualTo(401);
    }

    /** A refresh whose body holds no token is no way around the public limit: charged, then refused. */
    @Test
    void unreadableRefreshBodiesSpendTheAddressPublicLimitThenAre429() {
        String address = "198.51.100.6";
        List<String> bodies = List.of("{}", "{", "[]", "{\"refreshToken\":\"\"}", "{\"other\":1}");
        for (int i = 0; i < PUBLIC_LIMIT; i++) {
            String body = bodies.get(i % bodies.size());
            Http.Answer refused = http.send(http.request("/api/v1/auth/refresh").header("X-Forwarded-For", address)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
            assertThat(refused.status()).as("%s, request %d", body, i + 1).isEqualTo(400);
            assertThat(refused.json().get("code").asString()).isIn("MALFORMED_JSON", "VALIDATION_FAILED");
            assertThat(refused.header("RateLimit-Remaining")).isEqualTo(String.valueOf(PUBLIC_LIMIT - i - 1));
        }

        Http.Answer limited = http.send(http.request("/api/v1/auth/refresh").header("X-Forwarded-For", address)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().get("code").asString()).isEqualTo("RATE_LIMITED");
    }

    /** REST.md lists openapi.json among the public routes: the same limit, in the same bucket. */
    @Test
    void theApiDescriptionSpendsTheAddressPublicLimit() {
        String address = "198.51.100.4";
        assertThat(http.get("/api/v1/events", null, "X-Forwarded-For", address).header("RateLimit-Remaining"))
                .isEqualTo(String.valueOf(PUBLIC_LIMIT - 1));
        for (int i = 1; i < PUBLIC_LIMIT; i++) {
            Http.Answer document = http.get("/api/v1/openapi.json", null, "X-Forwarded-For", address);
            assertThat(document.status()).as("request %d", i + 1).isEqualTo(200);
            assertThat(document.header("RateLimit-Limit")).isEqualTo(String.valueOf(PUBLIC_LIMIT));
            assertThat(document.header("RateLimit-Remaining")).isEqualTo(String.valueOf(PUBLIC_LIMIT - i - 1));
        }

        Http.Answer limited = http.get("/api/v1/openapi.json", null, "X-Forwarded-For", address);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.json().get("code").asString()).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(limited.body()).doesNotContain("openapi\":");
        assertThat(http.get("/api/v1/events", null, "X-Forwarded-For", address).status()).isEqualTo(429);
        assertThat(http.get("/api/v1/openapi.json", null, "X-Forwarded-For", "198.51.100.5").status())
                .as("another address is not held back").isEqualTo(200);
    }
}
