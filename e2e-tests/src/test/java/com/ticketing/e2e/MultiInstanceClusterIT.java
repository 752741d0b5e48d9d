package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.adapter.redis.RedisClusterFixture;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@link MultiInstanceScenarios} on a local three-master Redis Cluster ({@code REDIS_CLUSTER_NODES});
 * then one master restarts: while it is down, requests whose keys live on it get exactly the
 * configured failure policy (public reads served, login and sessions 503, never a 500) and the
 * other masters' keys work normally; once it is back, limits and sessions work again on both
 * processes without restarting them.
 */
class MultiInstanceClusterIT extends MultiInstanceScenarios {

    private static final int DOWN = 1;
    private static final int UP = 0;

    private RedisClusterFixture cluster;

    @Override
    protected Map<String, String> startRedis() {
        cluster = RedisClusterFixture.start();
        return Map.of("REDIS_CLUSTER_NODES", cluster.nodes());
    }

    @Override
    protected void stopRedis() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A new client address whose limit keys (hash tag: the address) live on {@code master}. */
    private static String clientIpOn(int master) {
        return first(MultiInstanceScenarios::newClientIp, ip -> RedisClusterFixture.masterOf("{" + ip + "}") == master);
    }

    /** A new user whose session key and limit keys (hash tag: the user id) live on {@code master}. */
    private static Users.LoggedIn userWithSessionOn(int master, Http gateway) {
        return first(() -> newUser(gateway), user -> RedisClusterFixture.masterOf("{" + user.userId() + "}") == master);
    }

    private static <T> T first(Supplier<T> candidates, Predicate<T> accepted) {
        for (int i = 0; i < 40; i++) {
            T candidate = candidates.get();
            if (accepted.test(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("no candidate on the wanted master in 40");
    }

    @Test
    @Order(10)
    void masterRestartGivesTheConfiguredFailurePolicyForItsKeysOnlyThenEverythingWorksAgain() throws Exception {
        String clientDown = clientIpOn(DOWN);
        String clientUp = clientIpOn(UP);
        Users.LoggedIn userDown = userWithSessionOn(DOWN, first);
        Users.LoggedIn userUp = userWithSessionOn(UP, second);

        cluster.stopMaster(DOWN);
        try {
            for (Http gateway : new Http[] {first, second}) {
                Http.Answer read = gateway.get(PUBLIC_READ, null, "X-Forwarded-For", clientDown);
                assertThat(read.status()).as("public limit fails open").isEqualTo(200);
                assertThat(read.header("RateLimit-Limit")).as("not counted").isNull();
                Http.Answer readUp = gateway.get(PUBLIC_READ, null, "X-Forwarded-For", clientUp);
                assertThat(readUp.status()).isEqualTo(200);
                assertThat(readUp.header("RateLimit-Limit")).as("counted on a live master").isEqualTo("100000");

                Http.Answer login = RateLimitIT.badLogin(gateway, "X-Forwarded-For", clientDown);
                assertThat(login.status()).as("login limit fails closed").isEqualTo(503);
                assertThat(login.json().get("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
                assertThat(RateLimitIT.badLogin(gateway, "X-Forwarded-For", clientUp).status()).isEqualTo(401);

                assertThat(gateway.get("/api/v1/user/profile", userDown.accessToken()).status())
                        .as("a session on the stopped master fails closed").isEqualTo(503);
                assertThat(gateway.get("/api/v1/user/profile", userUp.accessToken()).status()).isEqualTo(200);
                assertThat(redisHealth(gateway)).isEqualTo("disconnected");
            }
        } finally {
            cluster.startMaster(DOWN);
        }

        for (Http gateway : new Http[] {first, second}) {
            Http.Answer back = Eventually.get(() -> RateLimitIT.badLogin(gateway, "X-Forwarded-For", clientDown),
                    a -> a.status() != 503);
            assertThat(back.status()).isEqualTo(401);
            assertThat(Eventually.get(() -> redisHealth(gateway), "connected"::equals)).isEqualTo("connected");
        }
        // The restarted master came back empty: its sessions are gone (refused), not resurrected.
        assertThat(first.get("/api/v1/user/profile", userDown.accessToken()).status()).isEqualTo(401);
        assertTogetherAdmitExactlyTheLimit(clientIpOn(DOWN));
        assertLogoutOnOneIsHonouredByTheOther(userWithSessionOn(DOWN, second));
        assertRefreshReuseIsDetectedAcross(userWithSessionOn(DOWN, first));
    }
}
