package com.ticketing.gateway.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.port.Passage;
import com.ticketing.gateway.domain.port.SessionStore;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import com.ticketing.gateway.domain.port.Turnstile;
import com.ticketing.gateway.domain.port.TurnstileContract;
import com.ticketing.gateway.domain.testing.TestLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one-script turnstile against a real redis-server: the contract, one round trip, failing closed. */
class RedisTurnstileIT extends TurnstileContract {

    private static RedisTestBed bed;
    private static RedisServerFixture server;
    private static RedisConnection connection;
    private static RedisSessionStore sessions;
    private static RedisTurnstile turnstile;

    @BeforeAll
    static void startRedis() {
        bed = RedisTestBed.start();
        server = bed.server;
        connection = bed.connection;
        sessions = new RedisSessionStore(connection);
        turnstile = new RedisTurnstile(connection, sessions);
    }

    @AfterAll
    static void stopRedis() {
        bed.close();
    }

    @Override
    protected Turnstile turnstile() {
        return turnstile;
    }

    @Override
    protected SessionStore sessions() {
        return sessions;
    }

    /** Calls per command since the server started, from {@code INFO commandstats}. */
    private static Map<String, Long> commandCalls() {
        Map<String, Long> calls = new HashMap<>();
        for (String line : bed.admin().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String count = line.substring(line.indexOf("calls=") + 6, line.indexOf(','));
                calls.put(name, Long.parseLong(count));
            }
        }
        return calls;
    }

    @Test
    void eachPassageIsOneRoundTripToTheServer() {
        List<String> roundTrips = new CopyOnWriteArrayList<>();
        try (RedisConnection counted = new RedisConnection(RedisSettings.of(server.url()),
                (operation, nanos, failed) -> roundTrips.add(operation))) {
            RedisSessionStore store = new RedisSessionStore(counted);
            RedisTurnstile gate = new RedisTurnstile(counted, store);
            UserId owner = new UserId("u-" + UUID.randomUUID());
            SessionId id = new SessionId("sess-" + UUID.randomUUID());
            store.open(new Session(id, owner, "jti-1", Instant.now().plus(Duration.ofHours(1))));
            List<LimitKey> limits = List.of(new LimitKey(TestLimits.USER, owner.value()),
                    new LimitKey(TestLimits.PAYMENT, owner.value()));
            gate.pass(id, owner, limits);
            roundTrips.clear();
            Map<String, Long> before = commandCalls();

            for (int i = 0; i < 20; i++) {
                assertThat(gate.pass(id, owner, limits)).isInstanceOf(Passage.Open.class);
            }

            assertThat(roundTrips).hasSize(20).containsOnly("session and rate limit");
            Map<String, Long> after = commandCalls();
            assertThat(after.get("evalsha") - before.get("evalsha")).as("one script per passage").isEqualTo(20);
        }
    }

    @Test
    void theSessionAndItsOwnersLimitsShareOneClusterSlot() {
        UserId owner = new UserId("u-{odd}" + UUID.randomUUID());
        SessionId id = new SessionId("sess-" + UUID.randomUUID());

        int slot = io.lettuce.core.cluster.SlotHash.getSlot(sessions.key(id, owner));

        assertThat(io.lettuce.core.cluster.SlotHash.getSlot(
                new LimitKey(TestLimits.USER, owner.value()).storageKey())).isEqualTo(slot);
        assertThat(io.lettuce.core.cluster.SlotHash.getSlot(
                new LimitKey(TestLimits.PAYMENT, owner.value()).storageKey())).isEqualTo(slot);
    }

    @Test
    void anUnreachableServerFailsThePassageClosed() {
        RedisServerFixture stopped = RedisServerFixture.startOnFreePort();
        try (RedisConnection toStopped = new RedisConnection(RedisSettings.of(stopped.url()))) {
            RedisTurnstile gate = new RedisTurnstile(toStopped, new RedisSessionStore(toStopped));
            UserId owner = new UserId("u-1");
            stopped.stop();

            assertThatThrownBy(() -> gate.pass(new SessionId("s-1"), owner,
                    List.of(new LimitKey(TestLimits.USER, owner.value()))))
                    .isInstanceOf(StoreUnavailableException.class);
        } finally {
            stopped.close();
        }
    }

    @Test
    void aStartedPassageIsOneRoundTripTooAndAnUnreachableServerFailsItClosed() throws Exception {
        UserId owner = new UserId("u-" + UUID.randomUUID());
        SessionId id = new SessionId("sess-" + UUID.randomUUID());
        sessions.open(new Session(id, owner, "jti-1", Instant.now().plus(Duration.ofHours(1))));
        List<LimitKey> limits = List.of(new LimitKey(TestLimits.USER, owner.value()));
        turnstile.pass(id, owner, limits);
        Map<String, Long> before = commandCalls();

        assertThat(turnstile.start(id, owner, limits).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isInstanceOf(Passage.Open.class);
        assertThat(commandCalls().get("evalsha") - before.get("evalsha")).isEqualTo(1);

        RedisServerFixture stopped = RedisServerFixture.startOnFreePort();
        try (RedisConnection toStopped = new RedisConnection(RedisSettings.of(stopped.url()))) {
            RedisTurnstile gate = new RedisTurnstile(toStopped, new RedisSessionStore(toStopped));
            stopped.stop();

            assertThatThrownBy(() -> gate.start(id, owner, limits).toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StoreUnavailableException.class);
        } finally {
            stopped.close();
        }
    }

    @Test
    void aServerThatStopsAnsweringFailsThePassageWithinTheCommandTimeout() {
        // Commands wait for their answer without a timer of their own: lettuce's command timeout ends them.
        RedisServerFixture paused = RedisServerFixture.startOnFreePort();
        Duration timeout = Duration.ofMillis(300);
        try (RedisConnection toPaused = new RedisConnection(RedisSettings.of(paused.url()).withCommandTimeout(timeout));
             RedisConnection admin = new RedisConnection(RedisSettings.of(paused.url()))) {
            RedisTurnstile gate = new RedisTurnstile(toPaused, new RedisSessionStore(toPaused));
            UserId owner = new UserId("u-1");
            List<LimitKey> limits = List.of(new LimitKey(TestLimits.USER, owner.value()));
            assertThat(gate.pass(new SessionId("s-1"), owner, limits)).isInstanceOf(Passage.Closed.class);

            // The server keeps the connection but runs no command for 3 s.
            assertThat(admin.<String>execute("pause", commands -> commands.clientPause(3_000))).isEqualTo("OK");
            long start = System.nanoTime();
            assertThatThrownBy(() -> gate.pass(new SessionId("s-1"), owner, limits))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasCauseInstanceOf(io.lettuce.core.RedisCommandTimeoutException.class);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isGreaterThanOrEqualTo(timeout).isLessThan(Duration.ofMillis(1_500));
        } finally {
            paused.close();
        }
    }
}
