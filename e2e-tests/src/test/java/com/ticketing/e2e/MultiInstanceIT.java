package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.adapter.redis.RedisServerFixture;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@link MultiInstanceScenarios} on one redis-server ({@code REDIS_URL}); then Redis stops: the
 * configured fail-open and fail-closed policies apply within the command timeout, on both
 * processes, until it returns.
 */
class MultiInstanceIT extends MultiInstanceScenarios {

    private RedisServerFixture redis;

    @Override
    protected Map<String, String> startRedis() {
        redis = RedisServerFixture.startOnFreePort();
        return Map.of("REDIS_URL", redis.url());
    }

    @Override
    protected void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(10)
    void redisDownFailsOpenForPublicReadsAndClosedForLoginAndSessionsThenRecovers() {
        Users.LoggedIn user = newUser(first);
        String client = newClientIp();
        redis.stop();
        try {
            for (Http gateway : new Http[] {first, second}) {
                long start = System.nanoTime();
                Http.Answer read = gateway.get(PUBLIC_READ, null, "X-Forwarded-For", client);
                long tookMillis = (System.nanoTime() - start) / 1_000_000;
                assertThat(read.status()).as("public limit fails open").isEqualTo(200);
                assertThat(read.header("RateLimit-Limit")).isNull();
                assertThat(tookMillis).as("no request waits on Redis past its timeout").isLessThan(2000);

                Http.Answer login = RateLimitIT.badLogin(gateway, "X-Forwarded-For", client);
                assertThat(login.status()).as("login limit fails closed").isEqualTo(503);
                assertThat(login.json().get("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");

                Http.Answer profile = gateway.get("/api/v1/user/profile", user.accessToken());
                assertThat(profile.status()).as("sessions fail closed").isEqualTo(503);
                assertThat(redisHealth(gateway)).isEqualTo("disconnected");
                GatewayProcess process = gateway == first ? firstProcess : secondProcess;
                String requestId = profile.header("X-Request-Id");
                assertThat(Eventually.get(process::logText, log -> log.contains("requestId=" + requestId)).lines()
                        .filter(line -> line.contains("requestId=" + requestId)))
                        .as("the store failure is logged with its cause and the request's id")
                        .anyMatch(line -> line.contains("the sessions store is unavailable; refusing with 503: redis"));
            }
        } finally {
            redis.start();
        }
        for (Http gateway : new Http[] {first, second}) {
            Http.Answer back = Eventually.get(() -> RateLimitIT.badLogin(gateway, "X-Forwarded-For", client),
                    a -> a.status() != 503);
            assertThat(back.status()).isEqualTo(401);
            assertThat(back.header("RateLimit-Limit")).isEqualTo(String.valueOf(LOGIN_LIMIT));
        }
    }
}
