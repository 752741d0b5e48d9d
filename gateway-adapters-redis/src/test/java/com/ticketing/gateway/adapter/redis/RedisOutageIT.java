package com.ticketing.gateway.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.domain.model.Rotation;
import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the store does while Redis is down, and that it recovers on its own once Redis is back. */
class RedisOutageIT {

    private static final UserId USER = new UserId("u-1");
    private static final Duration FAIL_FAST = Duration.ofSeconds(1);
    private static final Duration RECOVERY = Duration.ofSeconds(5);

    private RedisServerFixture server;
    private RedisConnection connection;

    @AfterEach
    void cleanUp() {
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static SessionId newSessionId() {
        return new SessionId("sess-" + UUID.randomUUID());
    }

    private static Session session(SessionId id, String tokenId) {
        return new Session(id, USER, tokenId, Instant.now().plus(Duration.ofHours(1)));
    }

    /** Waits until {@code connection} answers again; fails after {@link #RECOVERY}. */
    private static void awaitRecovery(RedisConnection connection) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (!connection.ping()) {
            assertThat(System.nanoTime()).as("redis reachable again within %s", RECOVERY).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void assertFailsFast(Runnable operation) {
        long start = System.nanoTime();
        assertThatThrownBy(operation::run).isInstanceOf(StoreUnavailableException.class)
                .hasCauseInstanceOf(RedisException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAIL_FAST);
    }

    @Test
    void everyOperationFailsAsUnavailableWithinOneSecondWhenRedisStops() {
        server = RedisServerFixture.startOnFreePort();
        connection = new RedisConnection(RedisSettings.of(server.url()));
        RedisSessionStore store = new RedisSessionStore(connection);
        SessionId id = newSessionId();
        store.open(session(id, "jti-1"));

        server.stop();

        List<Consumer<RedisSessionStore>> operations = List.of(
                s -> s.state(id, USER),
                s -> s.open(session(newSessionId(), "jti-1")),
                s -> s.rotate(id, USER, "jti-1", "jti-2", Instant.now().plusSeconds(60)),
                s -> s.revoke(id, USER));
        for (Consumer<RedisSessionStore> operation : operations) {
            assertFailsFast(() -> operation.accept(store));
        }
        long start = System.nanoTime();
        assertThat(connection.ping()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAIL_FAST);
    }

    @Test
    void sameStoreWorksAgainAfterRedisRestarts() throws InterruptedException {
        server = RedisServerFixture.startOnFreePort();
        connection = new RedisConnection(RedisSettings.of(server.url()));
        RedisSessionStore store = new RedisSessionStore(connection);
        store.open(session(newSessionId(), "jti-1"));

        server.restart();
        awaitRecovery(connection);

        // The restarted server is empty: no sessions and no cached scripts.
        SessionId id = newSessionId();
        store.open(session(id, "jti-1"));
        assertThat(store.state(id, USER)).isEqualTo(SessionState.ACTIVE);
        assertThat(store.rotate(id, USER, "jti-1", "jti-2", Instant.now().plusSeconds(60))).isEqualTo(Rotation.ROTATED);
        store.revoke(id, USER);
        assertThat(store.state(id, USER)).isEqualTo(SessionState.REVOKED);
    }

    @Test
    void gatewayStartsWhileRedisIsDownAndConnectsOnceItIsUp() throws InterruptedException {
        server = RedisServerFixture.notStartedOn(RedisServerFixture.freePort());
        connection = new RedisConnection(RedisSettings.of(server.url()));
        RedisSessionStore store = new RedisSessionStore(connection);

        assertThat(connection.ping()).isFalse();
        assertFailsFast(() -> store.state(newSessionId(), USER));

        server.start();
        awaitRecovery(connection);

        SessionId id = newSessionId();
        store.open(session(id, "jti-1"));
        assertThat(store.state(id, USER)).isEqualTo(SessionState.ACTIVE);
    }

    @Test
    void closedConnectionFailsAsUnavailable() {
        server = RedisServerFixture.startOnFreePort();
        RedisConnection closed = new RedisConnection(RedisSettings.of(server.url()));
        RedisSessionStore store = new RedisSessionStore(closed);
        closed.close();

        assertThat(closed.ping()).isFalse();
        assertThatThrownBy(() -> store.state(newSessionId(), USER)).isInstanceOf(StoreUnavailableException.class);
    }
}
