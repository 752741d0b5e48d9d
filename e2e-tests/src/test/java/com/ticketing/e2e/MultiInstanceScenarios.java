package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.stub.StubCluster;
import com.ticketing.stub.StubConfig;
import com.ticketing.stub.StubServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two gateway processes (the exec jar, each its own JVM) on one shared Redis, whatever its
 * topology: limits hold across both (exactly N admitted in total), sessions are shared (logout on
 * one is honoured at once by the other; a refresh token rotated on one and replayed on the other
 * is refused and revokes the session). Subclasses start the Redis and add their outage scenarios.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class MultiInstanceScenarios {

    static final int LOGIN_LIMIT = 6;
    static final String PUBLIC_READ = "/api/v1/events/evt-001/availability";
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private StubCluster stubs;
    protected GatewayProcess firstProcess;
    protected GatewayProcess secondProcess;
    protected Http first;
    protected Http second;

    /** Starts the shared Redis; returns the variables that point a gateway at it. */
    protected abstract Map<String, String> startRedis();

    protected abstract void stopRedis();

    @BeforeAll
    void startRedisStubsAndTwoGatewayProcesses() {
        Map<String, String> redis = startRedis();
        stubs = StubServices.start(StubConfig.defaults().withEphemeralPorts().withRandomJwtSecrets());
        Map<String, String> env = GatewayProcess.stubEnvironment(stubs);
        env.putAll(redis);
        env.put("REDIS_COMMAND_TIMEOUT_MS", "300");
        // The test client is a trusted proxy, so each test speaks for client addresses of its own.
        env.put("TRUSTED_PROXIES", "127.0.0.1/32,::1/128");
        env.put("RATE_LIMIT_LOGIN_MAX_REQUESTS", String.valueOf(LOGIN_LIMIT));
        env.put("RATE_LIMIT_MAX_REQUESTS", "100000");
        env.put("RATE_LIMIT_USER_MAX_REQUESTS", "100000");
        env.put("RATE_LIMIT_REGISTER_MAX_REQUESTS", "100000");
        String name = getClass().getSimpleName();
        firstProcess = GatewayProcess.launch(name + "-first", env);
        secondProcess = GatewayProcess.launch(name + "-second", env);
        firstProcess.awaitHealthy();
        secondProcess.awaitHealthy();
        first = firstProcess.http();
        second = secondProcess.http();
    }

    @AfterAll
    void stopEverything() {
        try {
            for (GatewayProcess process : new GatewayProcess[] {firstProcess, secondProcess}) {
                if (process != null) {
                    process.close();
                }
            }
        } finally {
            try {
                if (stubs != null) {
                    stubs.close();
                }
            } finally {
                stopRedis();
            }
        }
    }

    @Test
    @Order(1)
    void twoProcessesTogetherAdmitExactlyTheLoginLimit() throws Exception {
        assertTogetherAdmitExactlyTheLimit(newClientIp());
    }

    @Test
    @Order(2)
    void logoutOnOneProcessIsHonouredAtOnceByTheOther() {
        assertLogoutOnOneIsHonouredByTheOther(newUser(second));
    }

    @Test
    @Order(3)
    void refreshTokenRotatedOnOneProcessAndReusedOnTheOtherIsRefusedAndRevokesTheSession() {
        assertRefreshReuseIsDetectedAcross(newUser(second));
    }

    @Test
    @Order(4)
    void bothProcessesReportRedisConnected() {
        for (Http gateway : List.of(first, second)) {
            assertThat(redisHealth(gateway)).isEqualTo("connected");
            assertThat(gateway.get("/metrics", null).body().lines())
                    .as("every master tracks the sessions for this process")
                    .anyMatch(line -> line.startsWith("gateway_redis_session_tracking{") && line.endsWith(" 1.0"));
        }
        for (GatewayProcess process : List.of(firstProcess, secondProcess)) {
            assertThat(process.logText()).as("lettuce's sockets on the gRPC channels' event loops (lever 11)")
                    .contains("redis connections share the given event loops")
                    .doesNotContain("redis connections on event loops of their own");
        }
    }

    @Test
    @Order(5)
    void aStreamTicketIssuedByOneProcessOpensTheStreamOnTheOtherUntilLogout() {
        Users.LoggedIn user = newUser(first);
        String bookingId = first.post("/api/v1/bookings", user.accessToken(), "{\"eventId\":\"evt-001\",\"quantity\":1}")
                .json().get("bookingId").asString();
        String ticket = first.post("/api/v1/bookings/" + bookingId + "/stream-ticket", user.accessToken(), null)
                .json().get("ticket").asString();
        String stream = "/api/v1/bookings/" + bookingId + "/stream?ticket=" + ticket;

        Http.EventStream opened = second.stream(stream, lines -> lines.stream().anyMatch(l -> l.startsWith("data: ")));
        assertThat(opened.status()).isEqualTo(200);
        assertThat(opened.data().getFirst().get("bookingId").asString()).isEqualTo(bookingId);

        assertThat(second.post("/api/v1/auth/logout", user.accessToken(), null).status()).isEqualTo(204);
        assertThat(first.get(stream, null).status()).as("the ticket ends with its session").isEqualTo(401);
    }

    @Test
    @Order(6)
    void anAuthenticatedRequestIsAtMostOneRedisRoundTripAndABusyUsersAreMostlyNone() {
        Users.LoggedIn user = newUser(first);
        assertThat(first.get("/api/v1/user/profile", user.accessToken()).status()).isEqualTo(200);
        Map<String, Double> before = redisCommands(first);

        for (int i = 0; i < 40; i++) {
            assertThat(first.get("/api/v1/bookings", user.accessToken()).status()).isEqualTo(200);
        }

        Map<String, Double> after = redisCommands(first);
        double total = after.values().stream().mapToDouble(Double::doubleValue).sum()
                - before.values().stream().mapToDouble(Double::doubleValue).sum();
        double scripts = after.get("session_and_rate_limit") - before.getOrDefault("session_and_rate_limit", 0.0);
        assertThat(total).as("Redis commands for 40 requests of one user: only the session-and-limit script")
                .isEqualTo(scripts);
        // The session is remembered (tracking on) and the user's limit of 100,000 a minute is leased
        // (up to 64 at a time, doubling from 1): 1 + 2 + 4 + 8 + 16 + 32 covers 63 requests in 6 scripts,
        // more only where a lease expired (50 ms) between two requests.
        assertThat(scripts).as("scripts for 40 requests").isBetween(1.0, 20.0);
    }

    @Test
    @Order(7)
    void aLogoutIsHonouredByTheOtherProcessWithin100MsWhileItRemembersTheSession() {
        Users.LoggedIn user = newUser(second);
        for (int i = 0; i < 20; i++) {
            assertThat(first.get("/api/v1/bookings", user.accessToken()).status()).isEqualTo(200);
        }

        assertThat(second.post("/api/v1/auth/logout", user.accessToken(), null).status()).isEqualTo(204);
        long loggedOutAt = System.nanoTime();

        int status = first.get("/api/v1/bookings", user.accessToken()).status();
        while (status != 401 && System.nanoTime() - loggedOutAt < Duration.ofMillis(100).toNanos()) {
            status = first.get("/api/v1/bookings", user.accessToken()).status();
        }
        long tookMicros = (System.nanoTime() - loggedOutAt) / 1000;
        assertThat(status).as("refused by the other process within 100 ms (%d us)", tookMicros).isEqualTo(401);
        System.out.printf("logout on one process honoured by the other after %d us%n", tookMicros);
    }

    /** Redis commands run so far by one gateway, by operation (every outcome), from its /metrics. */
    protected static Map<String, Double> redisCommands(Http gateway) {
        Map<String, Double> counts = new java.util.HashMap<>();
        for (String line : gateway.get("/metrics", null).body().split("\n")) {
            if (line.startsWith("gateway_redis_commands_seconds_count{")) {
                String operation = line.replaceAll(".*operation=\"([^\"]*)\".*", "$1");
                counts.merge(operation, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            }
        }
        return counts;
    }

    /** 40 bad logins from {@code clientIp}, alternating between the processes, released together. */
    protected void assertTogetherAdmitExactlyTheLimit(String clientIp) throws Exception {
        AtomicInteger turn = new AtomicInteger();
        List<Http.Answer> answers = RateLimitIT.concurrently(40, 16,
                () -> RateLimitIT.badLogin(turn.getAndIncrement() % 2 == 0 ? first : second,
                        "X-Forwarded-For", clientIp));

        assertThat(answers.stream().filter(a -> a.status() == 401).count()).as(clientIp).isEqualTo(LOGIN_LIMIT);
        assertThat(answers.stream().filter(a -> a.status() == 429).count()).isEqualTo(40 - LOGIN_LIMIT);
        // Another client has its own budget.
        assertThat(RateLimitIT.badLogin(second, "X-Forwarded-For", newClientIp()).status()).isEqualTo(401);
    }

    protected void assertLogoutOnOneIsHonouredByTheOther(Users.LoggedIn user) {
        assertThat(first.get("/api/v1/user/profile", user.accessToken()).status()).isEqualTo(200);

        assertThat(second.post("/api/v1/auth/logout", user.accessToken(), null).status()).isEqualTo(204);

        assertThat(first.get("/api/v1/user/profile", user.accessToken()).status()).isEqualTo(401);
    }

    protected void assertRefreshReuseIsDetectedAcross(Users.LoggedIn user) {
        String body = "{\"refreshToken\":\"" + user.refreshToken() + "\"}";
        Http.Answer rotated = first.post("/api/v1/auth/refresh", null, body, "X-Forwarded-For", newClientIp());
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String rotatedAccess = rotated.json().get("accessToken").asString();
        assertThat(second.get("/api/v1/user/profile", rotatedAccess).status()).isEqualTo(200);

        Http.Answer reused = second.post("/api/v1/auth/refresh", null, body, "X-Forwarded-For", newClientIp());

        assertThat(reused.status()).isEqualTo(401);
        assertThat(first.get("/api/v1/user/profile", rotatedAccess).status()).as("session revoked").isEqualTo(401);
        String rotatedRefresh = "{\"refreshToken\":\"" + rotated.json().get("refreshToken").asString() + "\"}";
        assertThat(first.post("/api/v1/auth/refresh", null, rotatedRefresh, "X-Forwarded-For", newClientIp())
                .status()).isEqualTo(401);
    }

    /** A client address no other request of this run used (documentation ranges, never contacted). */
    protected static String newClientIp() {
        int n = CLIENTS.incrementAndGet();
        String[] nets = {"192.0.2.", "198.51.100.", "203.0.113."};
        if (n > nets.length * 254) {
            throw new IllegalStateException("out of documentation addresses");
        }
        return nets[(n - 1) / 254] + ((n - 1) % 254 + 1);
    }

    /** Registers and logs in a new user through {@code gateway}, from a client address of its own. */
    protected static Users.LoggedIn newUser(Http gateway) {
        String email = Users.newEmail();
        String ip = newClientIp();
        Http.Answer registered = gateway.post("/api/v1/auth/register", null, Users.registerBody(email),
                "X-Forwarded-For", ip);
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        Http.Answer login = gateway.post("/api/v1/auth/login", null, Users.loginBody(email, Users.PASSWORD),
                "X-Forwarded-For", ip);
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return new Users.LoggedIn(email, login.json().get("userId").asString(),
                login.json().get("accessToken").asString(), login.json().get("refreshToken").asString());
    }

    protected static String redisHealth(Http gateway) {
        return gateway.get("/health/detailed", null).json().get("dependencies").get("redis").asString();
    }

}
