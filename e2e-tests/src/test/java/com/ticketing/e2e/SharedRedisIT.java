package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.adapter.redis.RedisServerFixture;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;

/**
 * Two gateway instances sharing one real redis-server: limits hold across both, sessions are
 * shared (logout and refresh reuse on one are honoured by the other), and when Redis stops the
 * configured fail-open and fail-closed policies apply within the timeout, until it returns.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedRedisIT {

    static final int LOGIN_LIMIT = 6;
    private static RedisServerFixture redis;
    private static Stack stack;
    private static Http first;
    private static Http second;

    @BeforeAll
    static void start() {
        redis = RedisServerFixture.startOnFreePort();
        // The test client is a trusted proxy here, so each test can speak for its own client address.
        stack = Stack.start(Map.of("REDIS_URL", redis.url(), "REDIS_COMMAND_TIMEOUT_MS", "300",
                "TRUSTED_PROXIES", "127.0.0.1/32,::1/128",
                "RATE_LIMIT_LOGIN_MAX_REQUESTS", String.valueOf(LOGIN_LIMIT),
                "RATE_LIMIT_REGISTER_MAX_REQUESTS", "1000"));
        first = stack.http;
        second = stack.anotherGateway();
    }

    @AfterAll
    static void stop() {
        try {
            stack.close();
        } finally {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void twoInstancesTogetherAdmitExactlyTheLimit() throws Exception {
        AtomicInteger turn = new AtomicInteger();
        List<Http.Answer> answers = RateLimitIT.concurrently(40, 16,
                () -> RateLimitIT.badLogin(turn.getAndIncrement() % 2 == 0 ? first : second,
                        "X-Forwarded-For", "198.51.100.10"));

        assertThat(answers.stream().filter(a -> a.status() == 401).count()).isEqualTo(LOGIN_LIMIT);
        assertThat(answers.stream().filter(a -> a.status() == 429).count()).isEqualTo(40 - LOGIN_LIMIT);
        assertThat(answers.stream().filter(a -> a.status() >= 500).count()).isZero();
        // Another client behind the trusted proxy has its own budget.
        assertThat(RateLimitIT.badLogin(first, "X-Forwarded-For", "198.51.100.11").status()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void logoutOnOneInstanceIsHonouredAtOnceByTheOther() {
        Users.LoggedIn user = Users.newUser(second);
        assertThat(first.get("/api/v1/user/profile", user.accessToken()).status()).isEqualTo(200);

        assertThat(second.post("/api/v1/auth/logout", user.accessToken(), null).status()).isEqualTo(204);

        assertThat(first.get("/api/v1/user/profile", user.accessToken()).status()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void refreshReuseOnOneInstanceIsDetectedByTheOther() {
        Users.LoggedIn user = Users.newUser(second);
        String body = "{\"refreshToken\":\"" + user.refreshToken() + "\"}";
        Http.Answer rotated = first.post("/api/v1/auth/refresh", null, body);
        assertThat(rotated.status()).isEqualTo(200);

        assertThat(second.post("/api/v1/auth/refresh", null, body).status()).isEqualTo(401);
        assertThat(first.get("/api/v1/user/profile", rotated.json().get("accessToken").asString()).status())
                .isEqualTo(401);
    }

    @Test
    @Order(4)
    void redisDownFailsOpenForPublicReadsAndClosedForLoginThenRecovers() {
        Users.LoggedIn user = Users.newUser(first);
        redis.stop();
        try {
            long start = System.nanoTime();
            Http.Answer events = first.get("/api/v1/events/evt-001/availability", null);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(events.status()).as("public limit fails open").isEqualTo(200);
            assertThat(events.header("RateLimit-Limit")).isNull();
            assertThat(tookMillis).as("no request waits on Redis past its timeout").isLessThan(2000);

            Http.Answer login = second.post("/api/v1/auth/register", null, Users.registerBody(Users.newEmail()));
            assertThat(login.status()).as("register limit fails closed").isEqualTo(503);
            assertThat(login.json().get("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");

            Http.Answer profile = first.get("/api/v1/user/profile", user.accessToken());
            assertThat(profile.status()).as("sessions fail closed").isEqualTo(503);
        } finally {
            redis.start();
        }
        Http.Answer back = Eventually.get(
                () -> second.post("/api/v1/auth/register", null, Users.registerBody("back-" + UUID.randomUUID() + "@example.com")),
                a -> a.status() == 201);
        assertThat(back.status()).isEqualTo(201);
        assertThat(back.header("RateLimit-Limit")).isEqualTo("1000");
    }
}
